import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';

import type { ProviderKind } from '../../../src/delivery/config';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: any;
}

interface Pull {
  number: number;
  branch: string;
  base: string;
  title: string;
  body: string;
  open: boolean;
}

/**
 * A local HTTP server answering the few REST calls of GitHub, GitLab or Gitea that review mode makes,
 * keeping the pull requests it was asked to open, and recording every request.
 */
export class RecordingForge {
  readonly requests: RecordedRequest[] = [];
  readonly pulls: Pull[] = [];
  /** Answer the next request with this status and message instead. */
  failNext?: { status: number; message: string };
  private server?: Server;
  url = '';

  constructor(readonly kind: ProviderKind) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of req) text += chunk;
    const body = text ? JSON.parse(text) : undefined;
    this.requests.push({ method: req.method!, path: req.url!, headers: req.headers, body });
    const reply = (status: number, json: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (this.failNext) {
      const { status, message } = this.failNext;
      this.failNext = undefined;
      return reply(status, { message });
    }
    const [path, query] = req.url!.split('?');
    const params = new URLSearchParams(query ?? '');
    const prefix = { github: '/repos/team/gitops', gitlab: '/api/v4/projects/team%2Fgitops', gitea: '/api/v1/repos/team/gitops' }[this.kind];
    const collection = this.kind === 'gitlab' ? `${prefix}/merge_requests` : `${prefix}/pulls`;
    if (req.method === 'GET' && path === collection) {
      let open = this.pulls.filter((p) => p.open);
      if (params.get('head')) open = open.filter((p) => `team:${p.branch}` === params.get('head'));
      if (params.get('source_branch')) open = open.filter((p) => p.branch === params.get('source_branch'));
      // pages as the forges do: `per_page` (GitHub, GitLab; default 30/20) or `limit` (Gitea), `page` from 1
      const perPage = Number(params.get('per_page') ?? params.get('limit') ?? (this.kind === 'gitlab' ? 20 : 30));
      const page = Number(params.get('page') ?? 1);
      return reply(
        200,
        open.slice((page - 1) * perPage, page * perPage).map((p) => this.render(p)),
      );
    }
    if (req.method === 'POST' && path === collection) {
      const pull: Pull =
        this.kind === 'gitlab'
          ? {
              number: this.pulls.length + 1,
              branch: body.source_branch,
              base: body.target_branch,
              title: body.title,
              body: body.description,
              open: true,
            }
          : { number: this.pulls.length + 1, branch: body.head, base: body.base, title: body.title, body: body.body, open: true };
      this.pulls.push(pull);
      return reply(201, this.render(pull));
    }
    const match = new RegExp(`^${collection.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(\\d+)$`).exec(path);
    if (match && (req.method === 'PATCH' || req.method === 'PUT')) {
      const pull = this.pulls.find((p) => p.number === Number(match[1]));
      if (!pull) return reply(404, { message: 'Not Found' });
      pull.title = body.title;
      pull.body = this.kind === 'gitlab' ? body.description : body.body;
      return reply(200, this.render(pull));
    }
    reply(404, { message: `no route ${req.method} ${path}` });
  }

  /** Adds open pull requests made elsewhere (by people), so listings need more than one page. */
  addOthers(count: number): void {
    for (let i = 0; i < count; i++)
      this.pulls.push({ number: this.pulls.length + 1, branch: `feature/other-${i}`, base: 'main', title: `other ${i}`, body: '', open: true });
  }

  private render(p: Pull): unknown {
    if (this.kind === 'gitlab') return { iid: p.number, web_url: `${this.url}/team/gitops/-/merge_requests/${p.number}`, source_branch: p.branch };
    return { number: p.number, html_url: `${this.url}/team/gitops/pull/${p.number}`, head: { ref: p.branch } };
  }
}
