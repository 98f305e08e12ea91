/** A one-page PDF of a few hundred bytes, its bytes made distinct by `label` (the documents' plumbing needs no real card). */
export function smallPdf(label = 'uji'): Uint8Array {
  const text = [
    '%PDF-1.4',
    `% ${label}`,
    '1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj',
    '2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj',
    '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj',
    'trailer <</Root 1 0 R>>',
    '%%EOF',
    '',
  ].join('\n');
  return new Uint8Array(Buffer.from(text, 'latin1'));
}
