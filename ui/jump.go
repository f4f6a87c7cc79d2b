package ui

import (
	"fmt"
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Opening a menu entry by its number. With nine entries or fewer a digit
// opens its entry at once. With ten or more, a digit that begins a longer
// number ("1" of "10") selects its entry and waits jumpWait for a second
// digit: "1" "0" opens entry 10, "1" alone opens entry 1 when the wait
// ends (or at Enter).

const jumpWait = 800 * time.Millisecond

// jumpMsg ends the wait for a second digit; seq tells a stale wait from
// the current one.
type jumpMsg struct{ seq int }

// jumpState is the number typed so far.
type jumpState struct {
	digits string
	seq    int
}

// jumpHelp is the Jump key's name: the numbers there are.
func jumpHelp(entries int) string {
	if entries <= 1 {
		return "1"
	}
	return fmt.Sprintf("1-%d", entries)
}

// typeDigit handles digit d on the home screen.
func (m *Model) typeDigit(d string) tea.Cmd {
	n, _ := strconv.Atoi(m.jump.digits + d)
	if m.jump.digits != "" && (n < 1 || n > len(m.menu)) {
		// No such two-digit entry: the digit starts a new number.
		m.jump.digits = ""
		n, _ = strconv.Atoi(d)
	}
	if n < 1 || n > len(m.menu) {
		m.jump.digits = ""
		return nil
	}
	m.home.cursor = n - 1
	if n*10 > len(m.menu) {
		// No longer number begins with these digits.
		m.jump.digits = ""
		m.menu[m.home.cursor].open(m)
		return nil
	}
	m.jump.digits = strconv.Itoa(n)
	m.jump.seq++
	return after(jumpWait, m.opt.Done, jumpMsg{m.jump.seq}) // timer.go
}

// jumpDone opens the entry selected by a number when the wait for a second
// digit ends.
func (m *Model) jumpDone(msg jumpMsg) {
	if msg.seq != m.jump.seq || m.jump.digits == "" {
		return
	}
	m.jump.digits = ""
	if m.screen == screenHome {
		m.menu[m.home.cursor].open(m)
	}
}
