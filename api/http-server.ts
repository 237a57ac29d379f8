import { createServer, type RequestListener, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCode } from '../models/errors.js';
import { HTTP_STATUS } from './http-errors.js';

/**
 * Node's HTTP parser rejects some requests before Express sees them (a request line or headers
 * past `maxHeaderSize`, a malformed request line, a slow client). Node's default answer is a bare
 * status line with no body; these requests get the API's JSON error shape instead, and a URL too
 * long to read gets 414 like the URLs the app itself refuses (api/routes/calls.routes.ts), rather
 * than 431, which would blame the headers.
 */

/** Node's default `maxHeaderSize`: request line and headers together. */
const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

interface ParserError extends Error {
  code?: string;
  rawPacket?: Buffer;
}

/** The response Node's parser error gets, or undefined when nobody is listening any more. */
export function clientErrorResponse(
  err: ParserError,
  maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES,
): { status: number; code: string; message: string } | undefined {
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return undefined;
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, code: ErrorCode.InvalidInput, message: 'the request was not received in time' };
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    // The request line (method, URL, version) ends at the first CRLF: when the packet the parser
    // gave up on holds none, or holds it past half the limit, the URL is what overflowed.
    const raw = err.rawPacket;
    const lineEnd = raw ? raw.indexOf('\r\n') : -1;
    if (lineEnd < 0 || lineEnd > maxHeaderBytes / 2) {
      return {
        status: HTTP_STATUS[ErrorCode.UriTooLong],
        code: ErrorCode.UriTooLong,
        message: `request URL is longer than the server reads (${maxHeaderBytes} bytes with the headers)`,
      };
    }
    return {
      status: 431,
      code: ErrorCode.InvalidInput,
      message: `request headers are larger than the server reads (${maxHeaderBytes} bytes)`,
    };
  }
  return { status: 400, code: ErrorCode.InvalidInput, message: 'malformed HTTP request' };
}

function answerClientError(err: ParserError, socket: Duplex): void {
  const answer = clientErrorResponse(err);
  if (!answer || !socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code: answer.code, message: answer.message } });
  socket.end(
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? 'Error'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/** The HTTP server every entry point listens with: the app plus JSON answers to parser errors. */
export function createHttpServer(app: RequestListener): Server {
  const server = createServer(app);
  server.on('clientError', answerClientError);
  return server;
}
