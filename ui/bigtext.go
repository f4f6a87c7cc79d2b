package ui

import (
	"strings"
	"unicode"
)

// A block-letter font for titles on large windows (projector.go, the attract
// loop's title card): capitals five rows tall drawn with █, one column
// between letters. Lower-case letters are set as capitals. It has the
// letters A–Z, the apostrophes ' ’ and the acute accent ´ (the site's title
// is spelled "Argentina´s"), the space, and a little punctuation; bigText
// refuses any other character, and its caller then sets the title in
// ordinary letters.

const bigHeight = 5

// bigGlyphs holds each character's rows; "#" is a block, "." is blank. Every
// row of a glyph has the same width.
var bigGlyphs = map[rune][bigHeight]string{
	'A':  {".###.", "#...#", "#####", "#...#", "#...#"},
	'B':  {"####.", "#...#", "####.", "#...#", "####."},
	'C':  {".####", "#....", "#....", "#....", ".####"},
	'D':  {"####.", "#...#", "#...#", "#...#", "####."},
	'E':  {"#####", "#....", "####.", "#....", "#####"},
	'F':  {"#####", "#....", "####.", "#....", "#...."},
	'G':  {".####", "#....", "#..##", "#...#", ".####"},
	'H':  {"#...#", "#...#", "#####", "#...#", "#...#"},
	'I':  {"###", ".#.", ".#.", ".#.", "###"},
	'J':  {"....#", "....#", "....#", "#...#", ".###."},
	'K':  {"#...#", "#..#.", "###..", "#..#.", "#...#"},
	'L':  {"#....", "#....", "#....", "#....", "#####"},
	'M':  {"#...#", "##.##", "#.#.#", "#...#", "#...#"},
	'N':  {"#...#", "##..#", "#.#.#", "#..##", "#...#"},
	'O':  {".###.", "#...#", "#...#", "#...#", ".###."},
	'P':  {"####.", "#...#", "####.", "#....", "#...."},
	'Q':  {".###.", "#...#", "#.#.#", "#..#.", ".##.#"},
	'R':  {"####.", "#...#", "####.", "#..#.", "#...#"},
	'S':  {".####", "#....", ".###.", "....#", "####."},
	'T':  {"#####", "..#..", "..#..", "..#..", "..#.."},
	'U':  {"#...#", "#...#", "#...#", "#...#", ".###."},
	'V':  {"#...#", "#...#", "#...#", ".#.#.", "..#.."},
	'W':  {"#...#", "#...#", "#.#.#", "##.##", "#...#"},
	'X':  {"#...#", ".#.#.", "..#..", ".#.#.", "#...#"},
	'Y':  {"#...#", ".#.#.", "..#..", "..#..", "..#.."},
	'Z':  {"#####", "...#.", "..#..", ".#...", "#####"},
	'´':  {".#", "#.", "..", "..", ".."},
	'’':  {"##", ".#", "#.", "..", ".."},
	'\'': {"#", "#", ".", ".", "."},
	' ':  {"...", "...", "...", "...", "..."},
	'.':  {".", ".", ".", ".", "#"},
	',':  {"..", "..", "..", ".#", "#."},
	'-':  {"...", "...", "###", "...", "..."},
}

// bigText sets s in block letters: bigHeight lines of equal width. It
// reports false when s is empty or has a character the font lacks.
func bigText(s string) ([]string, bool) {
	if strings.TrimSpace(s) == "" {
		return nil, false
	}
	blocks := strings.NewReplacer("#", "█", ".", " ")
	var rows [bigHeight]strings.Builder
	for i, r := range s {
		g, ok := bigGlyphs[unicode.ToUpper(r)]
		if !ok {
			return nil, false
		}
		for y := range rows {
			if i > 0 {
				rows[y].WriteByte(' ')
			}
			rows[y].WriteString(blocks.Replace(g[y]))
		}
	}
	out := make([]string, bigHeight)
	for y := range rows {
		out[y] = rows[y].String()
	}
	return out, true
}

// bigWidth is the width of s in block letters, or 0 if it cannot be set.
func bigWidth(s string) int {
	lines, ok := bigText(s)
	if !ok {
		return 0
	}
	return len([]rune(lines[0]))
}
