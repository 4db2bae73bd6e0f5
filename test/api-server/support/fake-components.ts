import type { ComponentEndpoint } from '../../../api-server/components/endpoints';
import type {
  Actor,
  ChangeOptions,
  ChangeResult,
  ComponentService,
  CreateRequest,
  InstancePage,
  InstanceSummary,
  StoredSpec,
} from '../../../api-server/components/types';
import type { InstanceSpec } from '../../../src/core/instance';

export interface RecordedCall {
  readonly op: 'create' | 'remove' | 'update';
  readonly endpoint: string;
  readonly actor: string;
  readonly options: ChangeOptions;
  readonly request?: CreateRequest;
  readonly name?: string;
}

/**
 * Records what the routes hand to the ComponentService, for routing and parameter-validation tests
 * ONLY. What creating, listing and deleting do is tested against the real engine and a real Git
 * remote (test/api-server/git-*.test.ts, seed-flow.test.ts).
 */
export class FakeComponents implements ComponentService {
  readonly calls: RecordedCall[] = [];
  remoteError: Error | undefined;
  /** Holds create/remove until resolved (HTTP-level shutdown tests need a slow request). */
  gate: Promise<void> | undefined;

  async create(request: CreateRequest, actor: Actor, options: ChangeOptions): Promise<ChangeResult> {
    await this.gate;
    this.calls.push({ op: 'create', endpoint: request.endpoint.name, actor: actor.name, options, request });
    const { metadata } = request.document.data as { metadata: { name: string } };
    return { status: 'committed', instance: { kind: request.endpoint.kind, name: metadata.name, namespace: 'recorded' }, files: [] };
  }

  async list(_endpoint: ComponentEndpoint): Promise<InstanceSummary[]> {
    return [];
  }

  async listPage(): Promise<InstancePage> {
    return { items: [] };
  }

  async remove(endpoint: ComponentEndpoint, name: string | undefined, actor: Actor, options: ChangeOptions): Promise<ChangeResult> {
    await this.gate;
    this.calls.push({ op: 'remove', endpoint: endpoint.name, actor: actor.name, options, name });
    return { status: 'committed', instance: { kind: endpoint.kind, name: name ?? 'only', namespace: 'recorded' }, files: [] };
  }

  async stored(_kind: string): Promise<StoredSpec[]> {
    return [];
  }

  async update(spec: InstanceSpec, _base: string, actor: Actor, options: ChangeOptions): Promise<ChangeResult> {
    this.calls.push({ op: 'update', endpoint: spec.kind, actor: actor.name, options, name: spec.metadata.name });
    return { status: 'committed', instance: { kind: spec.kind, name: spec.metadata.name, namespace: spec.metadata.namespace }, files: [] };
  }

  async checkRemote(): Promise<void> {
    if (this.remoteError) throw this.remoteError;
  }

  async close(): Promise<void> {}
}
