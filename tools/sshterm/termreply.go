package sshterm

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// Terminal describes the terminal that a Responder pretends to be.
type Terminal struct {
	Width, Height int
	Foreground    string // X11 colour spec, e.g. "rgb:d0d0/d0d0/d0d0"
	Background    string
	Cursor        string
	Version       string // answer to XTVERSION
}

// DefaultTerminal is a dark xterm-like terminal of the given size.
func DefaultTerminal(width, height int) Terminal {
	return Terminal{
		Width:      width,
		Height:     height,
		Foreground: "rgb:d0d0/d0d0/d0d0",
		Background: "rgb:0000/0000/0000",
		Cursor:     "rgb:d0d0/d0d0/d0d0",
		Version:    "embassy-load(1)",
	}
}

// decModes are the DECRQM answers for DEC private modes: 1 set, 2 reset.
// A mode not listed is answered 0 (not recognised), as xterm does for modes it
// does not know. Mode 2027 (grapheme clustering) is deliberately unknown.
var decModes = map[int]int{
	1: 2, 6: 2, 7: 1, 12: 2, 25: 1, 47: 2,
	1000: 2, 1002: 2, 1003: 2, 1004: 2, 1006: 2, 1047: 2, 1048: 2, 1049: 2,
	2004: 2, 2026: 2,
}

type parseState int

const (
	stGround parseState = iota
	stEscape
	stEscInter
	stCSI
	stOSC
	stOSCEsc
	stDCS
	stDCSEsc
	stIgnore // SOS, PM, APC: skipped up to ST
	stIgnoreEsc
)

// escOf is the state for an ESC seen inside a string: the next byte decides
// whether it was ST.
var escOf = map[parseState]parseState{stOSC: stOSCEsc, stDCS: stDCSEsc, stIgnore: stIgnoreEsc}

const (
	maxCSI    = 64
	maxString = 1024
	maxRepeat = 256
)

// Responder scans a server's output as a terminal would, answers the queries
// a terminal answers (device attributes, cursor position, colours, modes,
// keyboard flags, version) and extracts the visible text, so a client can
// tell when a given word has been drawn.
//
// It is a streaming parser: sequences split across reads are handled. It is
// not safe for concurrent use.
type Responder struct {
	term     Terminal
	state    parseState
	seq      []byte
	overflow bool
	last     byte // last printable ASCII byte, for REP

	// Queries counts every query seen by kind; unanswered ones are marked.
	Queries map[string]int
	// Clears counts erase-whole-screen sequences (CSI 2 J): a program that
	// repaints everything shows up here.
	Clears int
}

// NewResponder returns a Responder answering as t.
func NewResponder(t Terminal) *Responder {
	return &Responder{term: t, Queries: map[string]int{}}
}

// Feed consumes output from the server. It returns the bytes a terminal would
// send back (nil if none) and the visible text found in p: printable bytes,
// with line moves as '\n' and cursor-forward moves as spaces.
func (r *Responder) Feed(p []byte) (reply, text []byte) {
	var out, txt bytes.Buffer
	for _, b := range p {
		r.step(b, &out, &txt)
	}
	if out.Len() > 0 {
		reply = out.Bytes()
	}
	return reply, txt.Bytes()
}

func (r *Responder) begin(s parseState) {
	r.state = s
	r.seq = r.seq[:0]
	r.overflow = false
}

func (r *Responder) push(b byte, limit int) {
	if len(r.seq) >= limit {
		r.overflow = true
		return
	}
	r.seq = append(r.seq, b)
}

// step takes one byte of output: text, or part of an escape sequence,
// answered when it is complete.
func (r *Responder) step(b byte, out, txt *bytes.Buffer) {
	switch r.state {
	case stGround:
		switch {
		case b == 0x1b:
			r.begin(stEscape)
		case b == '\n' || b == '\r':
			txt.WriteByte('\n')
		case b >= 0x20 && b != 0x7f:
			txt.WriteByte(b)
			if b < 0x7f {
				r.last = b
			}
		}
	case stEscape, stEscInter:
		r.escape(b)
	case stCSI:
		switch {
		case b >= 0x20 && b <= 0x3f:
			r.push(b, maxCSI)
		case b >= 0x40 && b <= 0x7e:
			if !r.overflow {
				r.csi(string(r.seq), b, out, txt)
			}
			r.state = stGround
		case b == 0x1b:
			r.begin(stEscape)
		case b == 0x18 || b == 0x1a:
			r.state = stGround
		}
	case stOSC, stDCS, stIgnore:
		r.inString(b, out)
	case stOSCEsc, stDCSEsc, stIgnoreEsc:
		if b == '\\' {
			r.endString(out)
			return
		}
		// An ESC that is not ST cancels the string and starts a new sequence.
		r.begin(stEscape)
		r.step(b, out, txt)
	}
}

// escape takes a byte after ESC, or after ESC and intermediates.
func (r *Responder) escape(b byte) {
	if r.state == stEscInter {
		switch {
		case b == 0x1b:
			r.begin(stEscape)
		case b >= 0x30 && b <= 0x7e:
			r.state = stGround
		}
		return
	}
	switch {
	case b == '[':
		r.begin(stCSI)
	case b == ']':
		r.begin(stOSC)
	case b == 'P':
		r.begin(stDCS)
	case b == 'X' || b == '^' || b == '_':
		r.begin(stIgnore)
	case b == 0x1b:
		r.begin(stEscape)
	case b >= 0x20 && b <= 0x2f:
		r.state = stEscInter
	default:
		r.state = stGround
	}
}

// inString takes a byte of an OSC, DCS or ignored string.
func (r *Responder) inString(b byte, out *bytes.Buffer) {
	switch b {
	case 0x1b:
		r.state = escOf[r.state]
	case 0x18, 0x1a:
		r.state = stGround
	case 0x07:
		if r.state == stOSC && !r.overflow {
			r.osc(string(r.seq), "\x07", out)
		}
		if r.state != stDCS {
			r.state = stGround
		}
	default:
		if r.state != stIgnore {
			r.push(b, maxString)
		}
	}
}

// endString answers a string ended by ST (ESC and a backslash).
func (r *Responder) endString(out *bytes.Buffer) {
	if !r.overflow {
		switch r.state {
		case stOSCEsc:
			r.osc(string(r.seq), "\x1b\\", out)
		case stDCSEsc:
			r.dcs(string(r.seq), out)
		}
	}
	r.state = stGround
}

func (r *Responder) seen(kind string) { r.Queries[kind]++ }

// csi handles a complete control sequence: seq holds the parameter and
// intermediate bytes, final the final byte.
func (r *Responder) csi(seq string, final byte, out, txt *bytes.Buffer) {
	var prefix byte
	if len(seq) > 0 && seq[0] >= '<' && seq[0] <= '?' {
		prefix, seq = seq[0], seq[1:]
	}
	inter := ""
	if i := strings.IndexFunc(seq, func(c rune) bool { return c >= 0x20 && c <= 0x2f }); i >= 0 {
		seq, inter = seq[:i], seq[i:]
	}
	params := seq
	first := firstParam(params, 1)

	switch {
	// Visible-text bookkeeping (not queries).
	case prefix == 0 && inter == "" && final == 'J' && params == "2":
		r.Clears++
		txt.WriteByte('\n')
	case prefix == 0 && inter == "" && final == 'C':
		txt.Write(bytes.Repeat([]byte{' '}, min(first, maxRepeat)))
	case prefix == 0 && inter == "" && final == 'b' && r.last != 0:
		txt.Write(bytes.Repeat([]byte{r.last}, min(first, maxRepeat)))
	case prefix == 0 && inter == "" && strings.IndexByte("ABEFHdf", final) >= 0:
		txt.WriteByte('\n')

	// Queries.
	case final == 'c' && inter == "" && prefix == 0 && (params == "" || params == "0"):
		r.seen("DA1 CSI c")
		out.WriteString("\x1b[?62;22c")
	case final == 'c' && inter == "" && prefix == '>':
		r.seen("DA2 CSI >c")
		out.WriteString("\x1b[>1;10;0c")
	case final == 'c' && inter == "" && prefix == '=':
		r.seen("DA3 CSI =c (unanswered)")
	case final == 'n' && inter == "" && prefix == 0 && params == "6":
		r.seen("CPR CSI 6n")
		out.WriteString("\x1b[1;1R")
	case final == 'n' && inter == "" && prefix == 0 && params == "5":
		r.seen("DSR CSI 5n")
		out.WriteString("\x1b[0n")
	case final == 'n' && inter == "" && prefix == '?' && params == "6":
		r.seen("DECXCPR CSI ?6n")
		out.WriteString("\x1b[?1;1;1R")
	case final == 'n' && inter == "" && prefix == '?' && params == "996":
		r.seen("colour scheme CSI ?996n")
		out.WriteString("\x1b[?997;1n")
	case final == 'p' && inter == "$" && prefix == '?':
		mode := firstParam(params, 0)
		r.seen(fmt.Sprintf("DECRQM CSI ?%d$p", mode))
		fmt.Fprintf(out, "\x1b[?%d;%d$y", mode, decModes[mode])
	case final == 'p' && inter == "$" && prefix == 0:
		mode := firstParam(params, 0)
		r.seen(fmt.Sprintf("DECRQM CSI %d$p", mode))
		fmt.Fprintf(out, "\x1b[%d;0$y", mode)
	case final == 'u' && inter == "" && prefix == '?':
		r.seen("kitty keyboard CSI ?u")
		out.WriteString("\x1b[?0u")
	case final == 'q' && inter == "" && prefix == '>':
		r.seen("XTVERSION CSI >q")
		fmt.Fprintf(out, "\x1bP>|%s\x1b\\", r.term.Version)
	case final == 't' && inter == "" && prefix == 0 && params == "14":
		r.seen("window size px CSI 14t")
		fmt.Fprintf(out, "\x1b[4;%d;%dt", r.term.Height*16, r.term.Width*8)
	case final == 't' && inter == "" && prefix == 0 && params == "16":
		r.seen("cell size CSI 16t")
		out.WriteString("\x1b[6;16;8t")
	case final == 't' && inter == "" && prefix == 0 && params == "18":
		r.seen("window size CSI 18t")
		fmt.Fprintf(out, "\x1b[8;%d;%dt", r.term.Height, r.term.Width)
	case final == 'm' && inter == "" && prefix == '?':
		r.seen("XTQMODKEYS CSI ?m (unanswered)")
	}
}

// firstParam returns the first numeric parameter, or def when it is empty
// or zero-length.
func firstParam(params string, def int) int {
	p, _, _ := strings.Cut(params, ";")
	p, _, _ = strings.Cut(p, ":")
	if p == "" {
		return def
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 0 {
		return def
	}
	if n == 0 && def > 0 {
		return def
	}
	return n
}

// osc handles a complete operating system command; term is the terminator
// the server used, which xterm mirrors in its answer.
func (r *Responder) osc(payload, term string, out *bytes.Buffer) {
	ps, rest, _ := strings.Cut(payload, ";")
	colour := map[string]string{"10": r.term.Foreground, "11": r.term.Background, "12": r.term.Cursor}
	if c, ok := colour[ps]; ok && rest == "?" {
		r.seen("OSC " + ps + ";?")
		fmt.Fprintf(out, "\x1b]%s;%s%s", ps, c, term)
		return
	}
	if rest == "?" || strings.HasSuffix(rest, ";?") {
		r.seen("OSC " + ps + ";? (unanswered)")
	}
}

// dcs handles a complete device control string.
func (r *Responder) dcs(payload string, out *bytes.Buffer) {
	switch {
	case strings.HasPrefix(payload, "+q"):
		r.seen("XTGETTCAP DCS +q")
		fmt.Fprintf(out, "\x1bP0+r%s\x1b\\", payload[2:])
	case strings.HasPrefix(payload, "$q"):
		r.seen("DECRQSS DCS $q")
		out.WriteString("\x1bP0$r\x1b\\")
	}
}
