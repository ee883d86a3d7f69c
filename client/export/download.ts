/** Hands a file to the browser's downloads (an <a download> click on an object URL). */
export function downloadFile(data: string | Uint8Array, type: string, fileName: string): void {
  // fflate's arrays are typed over ArrayBufferLike; ours are never shared memory.
  const part = typeof data === 'string' ? data : (data as Uint8Array<ArrayBuffer>);
  const url = URL.createObjectURL(new Blob([part], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later, not at once: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
