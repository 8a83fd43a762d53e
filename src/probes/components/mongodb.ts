// mongodb: the replica set as rs.status() reports it, through the configured shell
// (components.mongodb.command): one line of JSON, parsed by parse/mongodb.ts.
import { argvToShell, sh } from '../../transport/quote.js';
import { defineProbe } from '../component.js';
import { sectionFunction } from '../section-commands.js';
import { parseMongo } from '../parse/mongodb.js';

const SECTION = 'mongodb';

export const mongodb = defineProbe({
  facts: 'mongodb',
  settings: (def) => def.components.mongodb,
  sections: ({ command }) => [
    sectionFunction(
      SECTION,
      'hp_s_mongodb',
      [sh`hp_need ${command[0]!}`, `${argvToShell([...command, '--eval', 'JSON.stringify(rs.status())'])}`],
      ['hp_need'],
    ),
  ],
  parse: (own, _m, ctx) => parseMongo(own.get(SECTION), ctx),
});
