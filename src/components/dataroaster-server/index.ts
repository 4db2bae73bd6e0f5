import type { ComponentDefinition } from '../../core/component';
import { DATAROASTER_SERVER_OWN_KIND, DataRoasterServerSpec } from './schema';
import { DataRoasterServer } from './dataroaster-server';

/** DataRoasterServer instances (the API server deployed by DataRoaster itself) → `dataroaster/<name>/`. */
export const dataRoasterServer: ComponentDefinition<DataRoasterServerSpec> = {
  kind: DATAROASTER_SERVER_OWN_KIND,
  folder: 'dataroaster',
  build(chart, spec) {
    new DataRoasterServer(chart, 'dataroaster-server', { spec });
  },
};
