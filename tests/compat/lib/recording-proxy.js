// An HTTP/1.1 proxy in front of the server that records what a REST client sends and what it gets back, so a
// test can look at the wire as well as at what the client decoded.
//
//   const proxy = await startRecordingProxy(env.server.port);
//   proxy.host          // '127.0.0.1:PORT' to give the client as its apiEndpoint
//   proxy.exchanges     // [{method, url, contentLength, status, body}] in the order they were answered;
//                       // contentLength is the request's declared body size (null if none), body the
//                       // response text, or null when it was over 64 KiB
//   await proxy.close();

import http from 'node:http';

const MAX_RECORDED_BODY = 64 * 1024;

export async function startRecordingProxy(targetPort) {
  const exchanges = [];
  const sockets = new Set();
  const agent = new http.Agent({keepAlive: true});

  const server = http.createServer((req, res) => {
    const declared = req.headers['content-length'];
    const upstream = http.request(
      {host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers, agent},
      answer => {
        const chunks = [];
        let size = 0;
        answer.on('data', chunk => {
          size += chunk.length;
          if (size <= MAX_RECORDED_BODY) chunks.push(chunk);
        });
        answer.on('end', () => {
          exchanges.push({
            method: req.method,
            url: req.url,
            contentLength: declared === undefined ? null : Number(declared),
            status: answer.statusCode,
            body: size <= MAX_RECORDED_BODY ? Buffer.concat(chunks).toString('utf8') : null,
          });
        });
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', err => {
      if (!res.headersSent) res.writeHead(502, {'content-type': 'text/plain'});
      res.end(`proxy: ${err.message}`);
    });
    req.pipe(upstream);
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address();

  return {
    host: `127.0.0.1:${port}`,
    exchanges,
    async close() {
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
