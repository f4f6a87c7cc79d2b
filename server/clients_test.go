package server

import "testing"

func TestClientAndTermFamilies(t *testing.T) {
	for version, want := range map[string]string{
		"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u6": "openssh",
		"SSH-2.0-OpenSSH_for_Windows_8.1":        "openssh",
		"SSH-2.0-PuTTY_Release_0.78":             "putty",
		"SSH-2.0-PuTTY_Local:_Mar_7_2023":        "putty",
		"SSH-2.0-dropbear_2022.83":               "dropbear",
		"SSH-2.0-paramiko_2.12.0":                "paramiko",
		"SSH-2.0-AsyncSSH_2.13.1":                "asyncssh",
		"SSH-2.0-libssh_0.10.4":                  "libssh",
		"SSH-2.0-libssh2_1.10.0":                 "libssh",
		"SSH-2.0-Go":                             "go",
		"SSH-2.0-JSCH-0.1.54":                    "java",
		"SSH-1.99-OpenSSH_3.9":                   "openssh",
		"SSH-2.0-\u202eevil":                     "other",
		"SSH-2.0-":                               "other",
		"":                                       "other",
		"garbage OpenSSH":                        "other",
	} {
		if got := clientFamily(version); got != want {
			t.Errorf("clientFamily(%q) = %q, want %q", version, got, want)
		}
	}
	for _, tc := range []struct {
		term   string
		pty    bool
		family string
	}{
		{"xterm-256color", true, "xterm"},
		{"xterm-kitty", true, "xterm"},
		{"screen.xterm-256color", true, "screen"},
		{"tmux-256color", true, "tmux"},
		{"vt100", true, "vt"},
		{"linux", true, "linux"},
		{"", true, "none"},
		{"xterm", false, "no_pty"},
		{"\x1b[31m", true, "other"},
		{"made-up", true, "other"},
	} {
		if got := termFamily(tc.term, tc.pty); got != tc.family {
			t.Errorf("termFamily(%q, %v) = %q, want %q", tc.term, tc.pty, got, tc.family)
		}
	}
}
