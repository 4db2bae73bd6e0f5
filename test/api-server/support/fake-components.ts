import type { ComponentEndpoint } from '../../../api-server/components/endpoints';
import type { Actor, ChangeOptions, ChangeResult, ComponentService, CreateRequest, InstanceSummary } from '../../../api-server/components/types';
import { NotFoundError } from '../../../api-server/errors';

export interface RecordedCall {
  readonly op: 'create' | 'remove';
  readonly endpoint: string;
  readonly actor: string;
  readonly options: ChangeOptions;
  readonly request?: CreateRequest;
  readonly name?: string;
}

/**
 * In-memory ComponentService for routing and validation tests ONLY (the seed-flow test runs the real
 * engine and Git). It records calls and keeps instances by endpoint so list/delete behave.
 */
export class FakeComponents implements ComponentService {
  readonly calls: RecordedCall[] = [];
  readonly instances = new Map<string, InstanceSummary[]>();
  remoteError: Error | undefined;
  /** Resolves create/remove only when released (for shutdown tests). */
  gate: Promise<void> | undefined;

  async create(request: CreateRequest, actor: Actor, options: ChangeOptions): Promise<ChangeResult> {
    await this.gate;
    this.calls.push({ op: 'create', endpoint: request.endpoint.name, actor: actor.name, options, request });
    const meta = (request.document.data as { kind: string; metadata: { name: string; namespace?: string } });
    const instance = { kind: meta.kind, name: meta.metadata.name, namespace: meta.metadata.namespace ?? 'default' };
    if (!options.dryRun) {
      const list = (this.instances.get(request.endpoint.name) ?? []).filter((i) => i.name !== instance.name);
      this.instances.set(request.endpoint.name, [...list, { ...instance, component: request.endpoint.component }]);
    }
    return options.dryRun
      ? { status: 'dry-run', instance, diff: `+++ b/${request.endpoint.component}/${instance.name}` }
      : { status: 'committed', instance, branch: 'main', commit: 'f'.repeat(40), files: [`${request.endpoint.component}/${instance.name}/kustomization.yaml`] };
  }

  async list(endpoint: ComponentEndpoint): Promise<InstanceSummary[]> {
    return this.instances.get(endpoint.name) ?? [];
  }

  async remove(endpoint: ComponentEndpoint, name: string, actor: Actor, options: ChangeOptions): Promise<ChangeResult> {
    await this.gate;
    this.calls.push({ op: 'remove', endpoint: endpoint.name, actor: actor.name, options, name });
    const list = this.instances.get(endpoint.name) ?? [];
    const found = list.find((i) => i.name === name);
    if (!found) throw new NotFoundError(`no ${endpoint.component} instance named "${name}"`);
    this.instances.set(endpoint.name, list.filter((i) => i !== found));
    return { status: 'committed', instance: { kind: found.kind, name, namespace: found.namespace }, commit: 'e'.repeat(40), branch: 'main' };
  }

  async checkRemote(): Promise<void> {
    if (this.remoteError) throw this.remoteError;
  }

  async close(): Promise<void> {
    await this.gate;
  }
}
