import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Content sniffing for uploads (R-QLT-05): the type of a file is decided by its bytes, never by
 * its name or the browser's Content-Type. Only the types below are accepted.
 *
 * Written here rather than with the `file-type` package: its current major needs Node 22 and
 * it cannot tell a Word document from any other zip nor refuse HTML, which we need anyway.
 */

export interface FileKind {
  /** Stable key, e.g. `pdf`, `docx`. */
  kind: string;
  mimeType: string;
  /** Chinese name for messages, e.g. 「PDF 文档」. */
  label: string;
  /** Extensions (lower case, no dot) a file of this kind may carry; the first is canonical. */
  extensions: string[];
  /** May be shown inline in the browser (images, PDF). */
  inline: boolean;
}

const kinds = {
  pdf: { kind: 'pdf', mimeType: 'application/pdf', label: 'PDF 文档', extensions: ['pdf'], inline: true },
  png: { kind: 'png', mimeType: 'image/png', label: 'PNG 图片', extensions: ['png'], inline: true },
  jpeg: { kind: 'jpeg', mimeType: 'image/jpeg', label: 'JPEG 图片', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'], inline: true },
  gif: { kind: 'gif', mimeType: 'image/gif', label: 'GIF 图片', extensions: ['gif'], inline: true },
  webp: { kind: 'webp', mimeType: 'image/webp', label: 'WebP 图片', extensions: ['webp'], inline: true },
  docx: {
    kind: 'docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word 文档',
    extensions: ['docx'],
    inline: false,
  },
  xlsx: {
    kind: 'xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'Excel 表格',
    extensions: ['xlsx'],
    inline: false,
  },
  pptx: {
    kind: 'pptx',
    mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    label: 'PowerPoint 演示文稿',
    extensions: ['pptx'],
    inline: false,
  },
  doc: { kind: 'doc', mimeType: 'application/msword', label: 'Word 97-2003 文档', extensions: ['doc', 'wps'], inline: false },
  xls: { kind: 'xls', mimeType: 'application/vnd.ms-excel', label: 'Excel 97-2003 表格', extensions: ['xls', 'et'], inline: false },
  ppt: { kind: 'ppt', mimeType: 'application/vnd.ms-powerpoint', label: 'PowerPoint 97-2003 演示文稿', extensions: ['ppt', 'dps'], inline: false },
  csv: { kind: 'csv', mimeType: 'text/csv; charset=utf-8', label: 'CSV 表格', extensions: ['csv', 'tsv'], inline: false },
  text: { kind: 'text', mimeType: 'text/plain; charset=utf-8', label: '文本文件', extensions: ['txt', 'text', 'log', 'md'], inline: false },
} as const satisfies Record<string, FileKind>;

export type FileKindKey = keyof typeof kinds;
export const fileKinds: Record<FileKindKey, FileKind> = kinds;

/** What the upload form tells users (and the `accept` attribute of the web upload). */
export const acceptedExtensions = [...new Set(Object.values(fileKinds).flatMap((k) => k.extensions))];
export const acceptedTypesText = 'PDF、图片（PNG/JPEG/GIF/WebP）、Word、Excel、PowerPoint、纯文本或 CSV';

const extensionOwner = new Map<string, FileKind>();
for (const kind of Object.values(fileKinds)) for (const ext of kind.extensions) extensionOwner.set(ext, kind);

/** Result of sniffing: an accepted kind, or a refusal with a Chinese reason. */
export type SniffResult = { ok: true; kind: FileKind } | { ok: false; reason: string };

const refuse = (reason: string): SniffResult => ({ ok: false, reason });
const accept = (kind: FileKind): SniffResult => ({ ok: true, kind });

/** Random access to the bytes being checked (a temp file on disk, or a buffer in tests). */
export interface ByteSource {
  size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

export function bufferSource(buffer: Buffer): ByteSource {
  return {
    size: buffer.length,
    read: async (offset, length) => buffer.subarray(offset, Math.min(buffer.length, offset + length)),
  };
}

/** Runs `work` with the file open for random reads. */
export async function withFileSource<T>(filePath: string, work: (source: ByteSource) => Promise<T>): Promise<T> {
  const handle = await fs.open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    return await work({
      size,
      read: async (offset, length) => {
        const wanted = Math.max(0, Math.min(length, size - offset));
        const buffer = Buffer.alloc(wanted);
        let done = 0;
        while (done < wanted) {
          const { bytesRead } = await handle.read(buffer, done, wanted - done, offset + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return buffer.subarray(0, done);
      },
    });
  } finally {
    await handle.close();
  }
}

const startsWith = (head: Buffer, bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
const ascii = (head: Buffer, text: string, at = 0) => head.subarray(at, at + text.length).toString('latin1') === text;

/** Recognisable executables, archives and scripts, named in the refusal so users know why. */
function knownForbidden(head: Buffer): string | null {
  if (ascii(head, 'MZ')) return 'Windows 可执行程序';
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return 'Linux 可执行程序（ELF）';
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(head.length >= 4 ? head.readUInt32BE(0) : -1)) {
    return 'macOS 可执行程序或 Java 类文件';
  }
  if (ascii(head, '#!')) return '脚本文件';
  if (ascii(head, 'Rar!') || startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) || startsWith(head, [0x1f, 0x8b])) {
    return '压缩包';
  }
  if (startsWith(head, [0x00, 0x61, 0x73, 0x6d])) return 'WebAssembly 程序';
  return null;
}

// ── ZIP (Office Open XML) ──────────────────────────────────────────────────────

/** Entry names from a zip's central directory, or null when it is not a readable zip. */
async function zipEntryNames(source: ByteSource): Promise<string[] | null> {
  const tailLength = Math.min(source.size, 22 + 0xffff);
  const tail = await source.read(source.size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entryCount = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (directoryOffset + directorySize > source.size || entryCount === 0xffff) return null;
  const directory = await source.read(directoryOffset, directorySize);
  const names: string[] = [];
  let at = 0;
  for (let i = 0; i < entryCount; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    names.push(directory.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

async function sniffZip(source: ByteSource): Promise<SniffResult> {
  const names = await zipEntryNames(source);
  if (!names) return refuse('文件内容是损坏的压缩包，无法识别');
  const has = (name: string) => names.includes(name);
  if (!has('[Content_Types].xml')) return refuse('压缩包（zip）不在允许上传的类型内');
  if (names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) return refuse('含宏的 Office 文件不允许上传，请另存为不含宏的格式');
  if (has('word/document.xml') || names.some((n) => n.startsWith('word/'))) return accept(fileKinds.docx);
  if (has('xl/workbook.xml') || names.some((n) => n.startsWith('xl/'))) return accept(fileKinds.xlsx);
  if (has('ppt/presentation.xml') || names.some((n) => n.startsWith('ppt/'))) return accept(fileKinds.pptx);
  return refuse('该 Office Open XML 文件不是 Word、Excel 或 PowerPoint 文档');
}

// ── OLE compound file (Office 97-2003) ─────────────────────────────────────────

const OLE_END_OF_CHAIN = 0xfffffffe;

/** Names of the streams in an OLE compound file's directory, or null when it is malformed. */
async function oleStreamNames(source: ByteSource): Promise<string[] | null> {
  const header = await source.read(0, 512);
  if (header.length < 512) return null;
  const sectorShift = header.readUInt16LE(30);
  if (sectorShift !== 9 && sectorShift !== 12) return null;
  const sectorSize = 1 << sectorShift;
  const sectorOffset = (sector: number) => (sector + 1) * sectorSize;
  const fatSectorCount = header.readUInt32LE(44);
  const firstDirectorySector = header.readUInt32LE(48);
  let difatSector = header.readUInt32LE(68);
  const maxSectors = Math.ceil(source.size / sectorSize);
  if (fatSectorCount > maxSectors) return null;

  // The FAT's own sectors: 109 in the header, the rest in a DIFAT chain.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109 && fatSectors.length < fatSectorCount; i++) fatSectors.push(header.readUInt32LE(76 + i * 4));
  for (let guard = 0; fatSectors.length < fatSectorCount && difatSector < maxSectors && guard < maxSectors; guard++) {
    const block = await source.read(sectorOffset(difatSector), sectorSize);
    for (let i = 0; i < sectorSize / 4 - 1 && fatSectors.length < fatSectorCount; i++) fatSectors.push(block.readUInt32LE(i * 4));
    difatSector = block.readUInt32LE(sectorSize - 4);
  }
  const fat: number[] = [];
  for (const sector of fatSectors) {
    if (sector >= maxSectors) return null;
    const block = await source.read(sectorOffset(sector), sectorSize);
    for (let i = 0; i + 4 <= block.length; i += 4) fat.push(block.readUInt32LE(i));
  }

  const names: string[] = [];
  let sector = firstDirectorySector;
  for (let guard = 0; sector !== OLE_END_OF_CHAIN; guard++) {
    if (sector >= maxSectors || guard > maxSectors) return null;
    const block = await source.read(sectorOffset(sector), sectorSize);
    for (let entry = 0; entry + 128 <= block.length; entry += 128) {
      const nameLength = block.readUInt16LE(entry + 64);
      const type = block[entry + 66];
      if (type === 0 || nameLength < 2 || nameLength > 64) continue;
      names.push(block.subarray(entry, entry + nameLength - 2).toString('utf16le'));
    }
    sector = fat[sector] ?? OLE_END_OF_CHAIN;
  }
  return names;
}

async function sniffOle(source: ByteSource): Promise<SniffResult> {
  const names = await oleStreamNames(source);
  if (!names) return refuse('文件内容损坏，无法识别为 Office 97-2003 文档');
  if (names.some((n) => /^_VBA_PROJECT_CUR$|^Macros$|^VBA$/i.test(n))) {
    return refuse('含宏的 Office 文件不允许上传，请另存为不含宏的格式');
  }
  if (names.includes('WordDocument')) return accept(fileKinds.doc);
  if (names.includes('Workbook') || names.includes('Book')) return accept(fileKinds.xls);
  if (names.includes('PowerPoint Document')) return accept(fileKinds.ppt);
  // Installers (.msi), Outlook messages and the like share the container format.
  return refuse('该 OLE 复合文件不是 Word、Excel 或 PowerPoint 97-2003 文档');
}

// ── Text ───────────────────────────────────────────────────────────────────────

const MARKUP = /^<(?:!doctype|html|head|body|script|svg|\?xml|iframe|object|embed|meta|link|style|title|div|a[\s>]|img|form|table|frameset)/i;
const SCRIPT = /<\s*(?:script|iframe|object|embed|svg)\b/i;

async function sniffText(source: ByteSource, extension: string): Promise<SniffResult> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const chunk = 64 * 1024;
  let leading = '';
  for (let offset = 0; offset < source.size; offset += chunk) {
    const bytes = await source.read(offset, chunk);
    if (bytes.includes(0)) return refuse('文件内容不是可识别的文档、图片或文本，不允许上传');
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: offset + chunk < source.size });
    } catch {
      return refuse('文件内容不是可识别的文档、图片，也不是 UTF-8 编码的文本，不允许上传（文本请另存为 UTF-8）');
    }
    if (SCRIPT.test(text)) return refuse('文件内容是网页或脚本，不允许上传');
    if (leading.length < 1024) leading += text.slice(0, 1024);
  }
  const start = leading.replace(/^\uFEFF/, '').trimStart();
  if (MARKUP.test(start)) return refuse('文件内容是网页或 XML/SVG，不允许上传');
  return accept(extension === 'csv' || extension === 'tsv' ? fileKinds.csv : fileKinds.text);
}

/** Decides the kind of a file by its content; the extension only picks CSV over plain text. */
export async function sniffFileType(source: ByteSource, fileName: string): Promise<SniffResult> {
  if (source.size === 0) return refuse('文件为空，请选择有内容的文件');
  const head = await source.read(0, 4100);
  const extension = extensionOf(fileName);

  if (ascii(head, '%PDF-')) return accept(fileKinds.pdf);
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return accept(fileKinds.png);
  if (startsWith(head, [0xff, 0xd8, 0xff])) return accept(fileKinds.jpeg);
  if (ascii(head, 'GIF87a') || ascii(head, 'GIF89a')) return accept(fileKinds.gif);
  if (ascii(head, 'RIFF') && ascii(head, 'WEBP', 8)) return accept(fileKinds.webp);
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return sniffZip(source);
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return sniffOle(source);
  const forbidden = knownForbidden(head);
  if (forbidden) return refuse(`文件内容是${forbidden}，不允许上传`);
  return sniffText(source, extension);
}

// ── File names ─────────────────────────────────────────────────────────────────

export const MAX_FILE_NAME_LENGTH = 120;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/**
 * A file name safe to store and to send back in Content-Disposition: no directories, no control
 * or bidi-override characters, no characters Windows refuses, at most 120 characters with the
 * extension kept.
 */
export function sanitizeFileName(raw: string | undefined): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.split(/[\\/]/).pop() ?? '';
  name = name
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const chars = [...name];
  if (chars.length > MAX_FILE_NAME_LENGTH) {
    const ext = path.extname(name);
    const extChars = [...ext];
    const keep = extChars.length > 0 && extChars.length <= 16 ? extChars : [];
    name = chars.slice(0, MAX_FILE_NAME_LENGTH - keep.length).join('').trimEnd() + keep.join('');
  }
  const stem = name.replace(/\..*$/, '');
  if (WINDOWS_RESERVED.test(stem)) name = `_${name}`;
  return name || '未命名文件';
}

/**
 * Checks the name's extension against the sniffed content. A known extension of another type
 * (a 「.pdf」 that is really a PNG) is refused; an unknown or missing extension gets the
 * canonical one appended so the downloaded file opens with the right program.
 */
export function fileNameForKind(fileName: string, kind: FileKind): { ok: true; fileName: string } | { ok: false; reason: string } {
  const extension = extensionOf(fileName);
  if (kind.extensions.includes(extension)) return { ok: true, fileName };
  const claimed = extensionOwner.get(extension);
  if (claimed) {
    return { ok: false, reason: `文件扩展名 .${extension} 表示${claimed.label}，但内容是${kind.label}，请确认后重新上传` };
  }
  const suffix = `.${kind.extensions[0]}`;
  return { ok: true, fileName: sanitizeFileName(`${fileName.slice(0, MAX_FILE_NAME_LENGTH - suffix.length)}${suffix}`) };
}

/** `attachment; filename="ascii"; filename*=UTF-8''…` (RFC 6266 / RFC 5987). */
export function contentDisposition(type: 'attachment' | 'inline', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_') || 'download';
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
