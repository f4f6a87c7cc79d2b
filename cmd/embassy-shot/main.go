// Command embassy-shot takes a PNG screenshot of the kiosk from a real SSH
// session: it connects (loopback only, unless --allow-remote), types a key
// script, replays what the kiosk wrote through a terminal emulator and draws
// the screen with Go Mono. docs/screenshots.sh uses it for the README's
// pictures.
//
//	embassy-shot --addr 127.0.0.1:24300 --out home.png
//	embassy-shot --addr 127.0.0.1:24300 --keys 3,enter --qr require --out entry.png
//	embassy-shot --size 160x45 --user es --env NO_COLOR=1 --out wide.png
//	embassy-shot --from session.raw --size 80x24 --out again.png
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "embassy-shot:", err)
		os.Exit(1)
	}
}
