// Sends a File the person picked (the desktop's native dialog or a browser's file input,
// both an <input type="file">) to the core in chunks, and returns the upload's id for a
// channel that reads it (register.previewGias, …). Progress is bytes sent.
import { UPLOAD_CHUNK_BYTES } from '../../../shared/contract.ts';
import type { ApiClient } from './client.ts';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function uploadFile(api: ApiClient, file: Blob & { name: string }, onProgress?: (sent: number, total: number) => void, signal?: AbortSignal): Promise<string> {
  const { id } = await api.get('files.begin', { name: file.name || 'upload', size: file.size });
  try {
    for (let offset = 0; offset < file.size; offset += UPLOAD_CHUNK_BYTES) {
      signal?.throwIfAborted();
      const chunk = new Uint8Array(await file.slice(offset, offset + UPLOAD_CHUNK_BYTES).arrayBuffer());
      await api.get('files.chunk', { id, offset, data: toBase64(chunk) });
      onProgress?.(Math.min(file.size, offset + chunk.length), file.size);
    }
  } catch (err) {
    void api.call('files.discard', { id });
    throw err;
  }
  return id;
}
