import type { FastifyCompressOptions } from '@fastify/compress';
import zlib from 'node:zlib';

/**
 * API answers over 1 KiB are compressed for clients that ask (brotli at a quality that costs
 * little CPU, else gzip); .xlsx/.docx/images are already compressed and pass through. Request
 * bodies are never inflated: a compressed upload is refused like any body we cannot parse.
 * The bench's bare comparison route uses the same options.
 */
export const compressionOptions: FastifyCompressOptions = {
  global: true,
  globalDecompression: false,
  encodings: ['br', 'gzip'],
  threshold: 1024,
  brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
};
