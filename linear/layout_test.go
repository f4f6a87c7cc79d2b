package linear

import (
	"fmt"
	"strings"
	"testing"
)

func lines(prefix string, n int) []string {
	var l []string
	for i := range n {
		l = append(l, fmt.Sprintf("%s%d", prefix, i))
	}
	return l
}

// pageAll lays out every screenful of blocks at room lines.
func pageAll(t *testing.T, blocks []block, room int) [][]string {
	t.Helper()
	var screens [][]string
	pos := position{}
	for pos.block < len(blocks) {
		s, next := page(blocks, pos, room, 0)
		if next == pos {
			t.Fatalf("no progress at %+v", pos)
		}
		if len(s) > room {
			t.Errorf("screenful of %d lines, room %d: %q", len(s), room, s)
		}
		screens, pos = append(screens, s), next
	}
	return screens
}

func TestPageKeepsEveryLineInOrder(t *testing.T) {
	blocks := []block{
		{lines: lines("t", 1), glue: true},
		{lines: lines("a", 3)},
		{lines: lines("b", 12)},
		{lines: lines("h", 1), glue: true},
		{lines: lines("c", 4)},
		{lines: lines("d", 2)},
	}
	for room := minScreenful; room <= 30; room++ {
		var got []string
		for _, s := range pageAll(t, blocks, room) {
			for _, l := range s {
				if l != "" {
					got = append(got, l)
				}
			}
		}
		var want []string
		for _, b := range blocks {
			want = append(want, b.lines...)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("room %d: lines %q, want %q", room, got, want)
		}
	}
}

func TestPageBreaksBetweenParagraphs(t *testing.T) {
	blocks := []block{{lines: lines("a", 4)}, {lines: lines("b", 4)}, {lines: lines("c", 4)}}
	screens := pageAll(t, blocks, 10)
	want := [][]string{
		{"a0", "a1", "a2", "a3", "", "b0", "b1", "b2", "b3"},
		{"c0", "c1", "c2", "c3"},
	}
	if fmt.Sprint(screens) != fmt.Sprint(want) {
		t.Errorf("screens %q, want %q", screens, want)
	}
}

func TestPageSplitsOnlyLongParagraphs(t *testing.T) {
	blocks := []block{{lines: lines("a", 2)}, {lines: lines("b", 15)}}
	screens := pageAll(t, blocks, 10)
	// b does not fit a screenful: it fills what is left after a.
	want := [][]string{
		{"a0", "a1", "", "b0", "b1", "b2", "b3", "b4", "b5", "b6"},
		{"b7", "b8", "b9", "b10", "b11", "b12", "b13", "b14"},
	}
	if fmt.Sprint(screens) != fmt.Sprint(want) {
		t.Errorf("screens %q, want %q", screens, want)
	}
}

func TestPageKeepsHeadingsWithTheirText(t *testing.T) {
	blocks := []block{{lines: lines("a", 5)}, {lines: lines("h", 1), glue: true}, {lines: lines("b", 3)}}
	screens := pageAll(t, blocks, 9)
	want := [][]string{{"a0", "a1", "a2", "a3", "a4"}, {"h0", "", "b0", "b1", "b2"}}
	if fmt.Sprint(screens) != fmt.Sprint(want) {
		t.Errorf("screens %q, want %q", screens, want)
	}
}

func TestPageCountsWrappedAddresses(t *testing.T) {
	long := strings.Repeat("x", 25) // two rows of a 20-column window
	blocks := []block{{lines: []string{"a0", long, "a2"}}, {lines: []string{"b0", long}}}
	screens := [][]string{}
	pos := position{}
	for pos.block < len(blocks) {
		var s []string
		s, pos = page(blocks, pos, 6, 20)
		screens = append(screens, s)
	}
	want := [][]string{{"a0", long, "a2"}, {"b0", long}}
	if fmt.Sprint(screens) != fmt.Sprint(want) {
		t.Errorf("screens %q, want %q", screens, want)
	}
}

func TestPageNeverLeavesAHeadingAlone(t *testing.T) {
	blocks := []block{{lines: lines("h", 1), glue: true}, {lines: lines("a", 9)}}
	s, next := page(blocks, position{}, 6, 0)
	if want := []string{"h0", "", "a0", "a1", "a2", "a3"}; fmt.Sprint(s) != fmt.Sprint(want) || next != (position{1, 4}) {
		t.Errorf("screenful %q then %+v, want %q then {1 4}", s, next, want)
	}
}

func TestRescale(t *testing.T) {
	old := []block{{lines: lines("a", 10)}, {lines: lines("b", 4)}}
	wide := []block{{lines: lines("a", 5)}, {lines: lines("b", 2)}}
	if got := rescale(position{0, 6}, old, wide); got != (position{0, 3}) {
		t.Errorf("rescale = %+v, want {0 3}", got)
	}
	if got := rescale(position{1, 0}, old, wide); got != (position{1, 0}) {
		t.Errorf("rescale = %+v, want {1 0}", got)
	}
	if got := rescale(position{2, 0}, old, wide); got != (position{2, 0}) {
		t.Errorf("rescale of the end = %+v", got)
	}
}

func TestWrap(t *testing.T) {
	got := wrap("Address: https://esafr.cancilleria.gob.ar/en/argentina%C2%B4s-leadership and sur-sur", 20)
	want := []string{"Address:", "https://esafr.cancilleria.gob.ar/en/argentina%C2%B4s-leadership", "and sur-sur"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("wrap = %q, want %q", got, want)
	}
	if got := wrap("", 20); len(got) != 1 || got[0] != "" {
		t.Errorf("wrap of nothing = %q", got)
	}
}
