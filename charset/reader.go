package charset

import (
	"io"
	"unicode/utf8"
)

// NewReader returns a reader of r's bytes, typed on a terminal of charset
// c, as UTF-8: r itself unless c is an 8-bit set. The bytes 0x80-0x9F pass
// as they are: there an 8-bit terminal sends its C1 control characters.
func NewReader(r io.Reader, c Charset) io.Reader {
	if c.cm == nil {
		return r
	}
	return &reader{r: r, c: c}
}

type reader struct {
	r    io.Reader
	c    Charset
	in   []byte
	rest []byte // decoded, not yet read
	err  error  // r's error, once rest is read
}

func (d *reader) Read(p []byte) (int, error) {
	if len(d.rest) == 0 && d.err == nil {
		if cap(d.in) < len(p) {
			d.in = make([]byte, len(p))
		}
		n, err := d.r.Read(d.in[:len(p)])
		d.err = err
		out := d.rest[:0]
		for _, b := range d.in[:n] {
			if b < 0xA0 {
				out = append(out, b)
				continue
			}
			out = utf8.AppendRune(out, d.c.cm.DecodeByte(b))
		}
		d.rest = out
	}
	n := copy(p, d.rest)
	d.rest = d.rest[n:]
	if len(d.rest) == 0 && d.err != nil {
		err := d.err
		if n > 0 {
			return n, nil // the error comes with the next Read
		}
		d.err = nil
		return 0, err
	}
	return n, nil
}
