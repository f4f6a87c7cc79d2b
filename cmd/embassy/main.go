// Command embassy is the Embassy's SSH kiosk.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The first signal begins the drain; a second one stops at once, as
	// an operator pressing Ctrl+C again expects.
	context.AfterFunc(ctx, stop)
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.As(err, new(reported)) { // else it is a log line already
			fmt.Fprintf(os.Stderr, "embassy: %v\n", err)
		}
		os.Exit(exitCode(err))
	}
}
