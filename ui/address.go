package ui

import (
	"github.com/embassy-kiosk/embassy/address"
	"github.com/embassy-kiosk/embassy/charset"
)

// sourceAddress is SourceAddress for the visitor's terminal.
func (m Model) sourceAddress() string {
	cs := charset.UTF8
	if m.ascii {
		cs = charset.ASCII // the frames are ASCII; so is the text (server: charset.Of)
	}
	return address.Source(m.lib, cs)
}
