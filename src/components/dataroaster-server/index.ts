import type { ComponentDefinition } from '../../core/component';
import { DataRoasterServer } from './dataroaster-server';
import { DATAROASTER_SERVER_OWN_KIND, DataRoasterServerSpec } from './schema';

/** DataRoasterServer instances (the API server deployed by DataRoaster itself) → `dataroaster/<name>/`. */
export const dataRoasterServer: ComponentDefinition<DataRoasterServerSpec> = {
  kind: DATAROASTER_SERVER_OWN_KIND,
  folder: 'dataroaster',
  build(chart, spec) {
    new DataRoasterServer(chart, 'dataroaster-server', { spec });
  },
};
