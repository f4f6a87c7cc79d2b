package address

import "testing"

func TestReadableAddress(t *testing.T) {
	for in, want := range map[string]string{
		"https://esafr.cancilleria.gob.ar/en/argentina%C2%B4s-leadership": "https://esafr.cancilleria.gob.ar/en/argentina´s-leadership",
		"https://example.org/a%2Fb%20c":                                   "https://example.org/a%2Fb%20c", // ASCII escapes mean something
		"https://example.org/caf%C3%A9?q=%E2%80%9Cx%E2%80%9D":             "https://example.org/café?q=“x”",
		"https://example.org/%FF":                                         "https://example.org/%FF",    // not UTF-8
		"https://example.org/%C2%A0":                                      "https://example.org/%C2%A0", // a no-break space
		"https://example.org/%C2":                                         "https://example.org/%C2",
		"https://example.org/100%":                                        "https://example.org/100%",
	} {
		if got := Readable(in); got != want {
			t.Errorf("Readable(%q) = %q, want %q", in, got, want)
		}
	}
}
