import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from './csv';

describe('CSV for French Excel', () => {
  it('separates with ; and ends lines with CRLF', () => {
    expect(csvLine(['a', 1, null, 'b'])).toBe('a;1;;b\r\n');
  });
  it('quotes fields holding ; quotes or line breaks, doubling quotes', () => {
    expect(csvField('Dupont; Jean')).toBe('"Dupont; Jean"');
    expect(csvField('dit "le Doc"')).toBe('"dit ""le Doc"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
  });
  it('neutralises cells Excel would run as formulas', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+33612345678')).toBe("'+33612345678");
    expect(csvField('-1+2')).toBe("'-1+2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
  });
  it('keeps ordinary text and numbers as they are', () => {
    expect(csvField('810012345678')).toBe('810012345678');
    expect(csvField(3)).toBe('3');
    expect(csvField('Lefèvre')).toBe('Lefèvre');
  });
});
