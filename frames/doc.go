// Package frames draws a Bubble Tea program's screen as soon as its model
// changes, instead of on Bubble Tea's frame ticker.
//
// Bubble Tea v2 writes frames only from a 60 fps ticker: the first screen
// waits for a tick, a keypress waits for a tick, and an idle program still
// wakes up sixty times a second. A Renderer replaces Bubble Tea's renderer
// for one program (run it with ProgramOptions, which include
// tea.WithoutRenderer) and draws with the same cell-diffing engine Bubble Tea
// uses, ultraviolet's TerminalRenderer:
//
//   - the first frame is drawn in Init, at the size the PTY request gave;
//   - after every Update the view is drawn at once, unless a frame was
//     written less than MinInterval ago: then one frame is drawn when the
//     interval ends (a timer exists only while a frame is pending);
//   - nothing runs while nothing happens (Bubble Tea's ticker, at 1 fps,
//     only flushes its own query output, which Filter mostly takes over);
//   - Close draws the last view and restores the terminal, like Bubble Tea
//     does on quit;
//   - with Options.Delivered, frames are paced by delivery: while a frame
//     is still on its way to a visitor on a slow link, none is written, and
//     then only the latest view (pace.go);
//   - frames that repaint the whole screen are written with the pen (the
//     SGR state) kept across the frame, only its changes sent, and a row
//     erased only where the new one does not cover the old (plain.go,
//     pen.go): the bytes a slow link waits for, the screen cell for cell
//     as before.
//
// A session holds little between frames: ultraviolet's model of the screen
// (215 KB at 80x24) is parked a second after the last frame and rebuilt from
// the last view's text when needed (screen.go); frames that repaint the
// whole screen skip the model (whole.go); the buffers frames are drawn into
// are shared. ReadInput replaces Bubble Tea's input reader for the same
// reason (input.go).
//
// The output must map "\n" to "\r\n", as Wish's emulated PTY does.
//
// Supported View fields: Content, AltScreen, MouseMode, WindowTitle,
// ReportFocus, DisableBracketedPasteMode and Cursor (position and
// visibility). Not supported: cursor shape and colour, terminal colours,
// progress bar, program status, keyboard enhancements (no kitty keyboard
// protocol is requested) and OnMouse. Synchronized output (mode 2026) is not
// used. Of Bubble Tea's commands that make terminal output, Filter writes
// the queries, the clipboard and tea.Raw at once; tea.Println and
// tea.Printf (printing above an inline program) are not supported.
//
// # After a Bubble Tea upgrade
//
// The package follows Bubble Tea through its public options, but it also
// knows some of its insides, which an upgrade may change without a
// compiler error. Re-sync them by reading the new version's source:
//
//   - the commands that make terminal output: the event loop in tea.go
//     (eventLoop's switch) against terminalCommands and clearScreenType in
//     model.go; TestEveryTerminalCommandIsHandled reads Bubble Tea's source
//     and fails on a command neither written nor listed as not supported;
//   - render (frames.go) against cursedRenderer.flush (cursed_renderer.go),
//     modes and mouseModeChange (modes.go) against its mode handling, and getScreen
//     (screen.go) against how it sets up ultraviolet's TerminalRenderer;
//   - ReadInput (input.go) against ultraviolet's eventScanner, and the
//     name of ultraviolet's unexported ignoredEvent;
//   - the View fields listed above, against tea.View.
//
// Then run this package's tests, the server's, and e2e with
// `--renderer bubbletea` beside the default, which shows Bubble Tea's own
// renderer drawing the same screens (.ci/run does both).
package frames
