import { cleanFileName, sniffType } from './document-type';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('document type from the content', () => {
  it('knows PDF, PNG and JPEG by their signatures', () => {
    expect(sniffType(bytes('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toBe('application/pdf');
    expect(sniffType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toBe('image/png');
    expect(sniffType(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF'))).toBe('image/jpeg');
  });

  it('accepts a PDF signature after whitespace or a byte-order mark, as readers do', () => {
    expect(sniffType(bytes('\r\n  %PDF-1.4'))).toBe('application/pdf');
    expect(sniffType(bytes([0xef, 0xbb, 0xbf], '%PDF-1.4'))).toBe('application/pdf');
  });

  it('refuses what is something else, whatever it is called', () => {
    expect(sniffType(bytes('MZ\x90\x00\x03', '%PDF-1.7 hidden later'))).toBeNull(); // a Windows executable
    expect(sniffType(bytes([0x7f], 'ELF\x02\x01\x01'))).toBeNull();
    expect(sniffType(bytes('<html><body>%PDF-</body></html>'))).toBeNull();
    expect(sniffType(bytes('GIF89a'))).toBeNull();
    expect(sniffType(bytes('PK\x03\x04'))).toBeNull(); // a zip (or .docx)
    expect(sniffType(Buffer.alloc(0))).toBeNull();
    expect(sniffType(bytes([0x89, 0x50, 0x4e]))).toBeNull(); // the start of a PNG signature only
  });

  it('keeps the last segment of a file name, without control characters', () => {
    expect(cleanFileName('C:\\Users\\ahmad\\diploma.pdf')).toBe('diploma.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('cert\u0000ificaat\n.pdf')).toBe('certificaat.pdf');
    expect(cleanFileName('   ')).toBe('document');
    expect(cleanFileName(undefined)).toBe('document');
    expect(cleanFileName(`${'a'.repeat(300)}.pdf`)).toHaveLength(200);
  });
});
