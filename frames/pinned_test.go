package frames

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// bubbleteaCommands calls each command of Bubble Tea that makes terminal
// output (TestEveryTerminalCommandIsHandled finds them in Bubble Tea's
// source), by name.
var bubbleteaCommands = map[string]func() tea.Msg{
	"RequestBackgroundColor":      tea.RequestBackgroundColor,
	"RequestForegroundColor":      tea.RequestForegroundColor,
	"RequestCursorColor":          tea.RequestCursorColor,
	"RequestCursorPosition":       tea.RequestCursorPosition,
	"RequestTerminalVersion":      tea.RequestTerminalVersion,
	"RequestProgramStatusSupport": tea.RequestProgramStatusSupport,
	"RequestCapability":           tea.RequestCapability("RGB"),
	"ReadClipboard":               tea.ReadClipboard,
	"ReadPrimaryClipboard":        tea.ReadPrimaryClipboard,
	"SetClipboard":                tea.SetClipboard("https://example.org/"),
	"SetPrimaryClipboard":         tea.SetPrimaryClipboard("https://example.org/"),
	"Raw":                         tea.Raw("\x1b[?1004h"),
	"ClearScreen":                 tea.ClearScreen,
	"Println":                     tea.Println("printed above"),
	"Printf":                      tea.Printf("printed %s", "above"),
}

// notDrawn are the commands the Renderer leaves out, as the package note
// says, and why.
var notDrawn = map[string]string{
	"Println": "printing above an inline program: the kiosk runs on the alt screen",
	"Printf":  "printing above an inline program: the kiosk runs on the alt screen",
}

// Every command Bubble Tea turns into terminal output (a query, the
// clipboard, raw output, a cleared screen, a printed line) is either
// written by the Renderer or listed in notDrawn: a Bubble Tea upgrade that
// adds one fails here. The commands are found in the bubbletea module's
// source: the message types whose case in the Program's event loop writes
// to the terminal or calls the renderer, and the exported functions that
// make those messages.
func TestEveryTerminalCommandIsHandled(t *testing.T) {
	found := terminalCommandsOf(t, moduleDir(t, "charm.land/bubbletea/v2"))
	t.Logf("Bubble Tea's terminal commands: %v", found)
	if len(found) < 10 {
		t.Fatalf("found only %v in Bubble Tea's source: has the event loop changed shape?", found)
	}
	for _, name := range found {
		call, ok := bubbleteaCommands[name]
		if !ok {
			t.Errorf("Bubble Tea has a new terminal command, tea.%s: write it in Filter (model.go) or leave it out on purpose (notDrawn and the package note), and add it to bubbleteaCommands", name)
			continue
		}
		written := writesToTerminal(t, call())
		if why, left := notDrawn[name]; left && written {
			t.Errorf("tea.%s is written now: take it out of notDrawn (%s)", name, why)
		} else if !left && !written {
			t.Errorf("tea.%s writes nothing to the terminal", name)
		}
	}
	for name := range bubbleteaCommands {
		if !contains(found, name) {
			t.Errorf("tea.%s no longer makes terminal output in Bubble Tea: drop it here", name)
		}
	}
}

// writesToTerminal reports whether msg, sent to a program drawn by a Renderer after
// its first frame, makes it write to the terminal.
func writesToTerminal(t *testing.T, msg tea.Msg) bool {
	r, m, _, out, c := newTest(t, colorprofile.TrueColor)
	m.Init()
	out.take()
	c.now = c.now.Add(DefaultMinInterval)
	if next := r.Filter(nil)(m, msg); next != nil {
		m.Update(next)
	}
	return len(out.take()) > 0
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

// moduleDir is where the go command keeps module path's source, at the
// version this module requires.
func moduleDir(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", path).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v", path, err)
	}
	return strings.TrimSpace(string(out))
}

// terminalCommandsOf reads the Bubble Tea package in dir and returns the
// names of its exported functions that make a message its Program turns
// into terminal output.
func terminalCommandsOf(t *testing.T, dir string) []string {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name.Name == "tea" {
			files = append(files, f)
		}
	}

	// The message types whose case, in a method of Program, writes to the
	// terminal (p.execute, p.executeQuery) or calls the renderer.
	output := map[string]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Body == nil || !receiverIs(fn, "Program") {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				cc, ok := n.(*ast.CaseClause)
				if !ok || !makesOutput(cc.Body) {
					return true
				}
				for _, e := range cc.List {
					if id, ok := e.(*ast.Ident); ok {
						output[id.Name] = true
					}
				}
				return true
			})
		}
	}

	// The exported functions that make one of those messages.
	var names []string
	for _, f := range files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || fn.Body == nil || !fn.Name.IsExported() {
				continue
			}
			makes := false
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CompositeLit:
					if id, ok := n.Type.(*ast.Ident); ok && output[id.Name] {
						makes = true
					}
				case *ast.CallExpr: // a conversion: setClipboardMsg(s)
					if id, ok := n.Fun.(*ast.Ident); ok && output[id.Name] {
						makes = true
					}
				}
				return !makes
			})
			if makes {
				names = append(names, fn.Name.Name)
			}
		}
	}
	sort.Strings(names)
	return names
}

func receiverIs(fn *ast.FuncDecl, name string) bool {
	typ := fn.Recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	id, ok := typ.(*ast.Ident)
	return ok && id.Name == name
}

// makesOutput reports whether statements call p.execute, p.executeQuery or
// a method of p.renderer.
func makesOutput(body []ast.Stmt) bool {
	found := false
	for _, st := range body {
		ast.Inspect(st, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return !found
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
				if sel.Sel.Name == "execute" || sel.Sel.Name == "executeQuery" {
					found = true
				}
				if inner, ok := sel.X.(*ast.SelectorExpr); ok && inner.Sel.Name == "renderer" {
					found = true
				}
			}
			return !found
		})
	}
	return found
}
