import type { Component } from '../../engine/component';
import { DATAROASTER_SERVER_KIND, DataRoasterServerSpec } from '../../spec/kinds/dataroaster-server';
import { DataRoasterServer } from './dataroaster-server';

/** DataRoasterServer instances (the API server deployed by DataRoaster itself) → `dataroaster/<name>/`. */
export const dataRoasterServerComponent: Component<DataRoasterServerSpec> = {
  kind: DATAROASTER_SERVER_KIND,
  directory: 'dataroaster',
  build(chart, spec) {
    new DataRoasterServer(chart, 'dataroaster-server', { spec });
  },
};
