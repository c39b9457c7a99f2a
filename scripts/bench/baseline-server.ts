// The reference for the ingest benchmark: the same listener and body reading as the gateway, answering
// 201 with the body it received, with no validation and no storage. Prints its URL like the headless host.
import { listen } from '../../electron/core/gateway/gateway-listener';
import { readBody } from '../../electron/core/gateway/http-body';

const listener = await listen({ host: '127.0.0.1', port: 0 }, async (req, res) => {
  const body = await readBody(req, 1024 * 1024);
  const text = body.kind === 'ok' ? body.bytes : '';
  res.writeHead(201, { 'content-type': 'application/fhir+json; charset=utf-8', location: `${req.url}/x/_history/1` });
  res.end(text);
});
console.log(`FHIR ${listener.url}`);
console.log('CONSOLE http://unused/?token=none');
