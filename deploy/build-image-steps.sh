#!/usr/bin/env bash
# Runs the Dockerfile's build stage by hand, since no container engine runs
# on these machines: the exact `go build` line of the Dockerfile (read from
# it, so the two cannot drift), then checks that the binary is static (no
# ELF interpreter, no shared libraries: it must run on distroless/static
# with no libc), reports its size, and runs the commands the image runs.
#
#   deploy/build-image-steps.sh            # build, check, report
#   KEEP=/tmp/embassy deploy/build-image-steps.sh   # and keep the binary there
set -euo pipefail
cd "$(dirname "$0")/.."

line=$(grep -E '^RUN CGO_ENABLED=0 go build ' Dockerfile) || {
	echo "no 'RUN CGO_ENABLED=0 go build' line in the Dockerfile" >&2
	exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# RUN <build> && mkdir -p /out/data  ->  <build> with /out replaced.
build=${line#RUN }
build=${build%% && *}
build=${build//\/out\//$work/}
echo "+ $build"
eval "$build"
bin=$work/embassy

# Static: read the ELF with Go's debug/elf (no binutils needed).
cat >"$work/elfcheck.go" <<'GO'
package main

import (
	"debug/elf"
	"fmt"
	"os"
)

func main() {
	f, err := elf.Open(os.Args[1])
	if err != nil {
		fmt.Println("not an ELF file:", err)
		os.Exit(1)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			fmt.Println("dynamic: has an ELF interpreter (PT_INTERP)")
			os.Exit(1)
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		fmt.Println("dynamic: needs", libs)
		os.Exit(1)
	}
	fmt.Printf("static %s %s ELF, no interpreter, no shared libraries\n", f.Class, f.Machine)
}
GO
(cd "$work" && GOFLAGS= GO111MODULE=off go run elfcheck.go "$bin")
if command -v file >/dev/null; then file -b "$bin"; fi

size=$(stat -c %s "$bin")
echo "binary size: $size bytes ($(( (size + 524288) / 1048576 )) MiB)"

# What the image runs: --help, the fingerprint of an injected key, and the
# health check failing cleanly with nothing to ask.
"$bin" --help >/dev/null 2>&1
if command -v ssh-keygen >/dev/null; then
	ssh-keygen -q -t ed25519 -N '' -C '' -f "$work/key"
	EMBASSY_HOST_KEY="$(cat "$work/key")" "$bin" fingerprint --hostname embassy.example
fi
if "$bin" health 127.0.0.1:1 >/dev/null 2>&1; then
	echo "embassy health succeeded with nothing listening" >&2
	exit 1
fi
echo "embassy health with nothing listening: exit 1, as a HEALTHCHECK needs"
if [ -n "${KEEP:-}" ]; then cp "$bin" "$KEEP" && echo "kept: $KEEP"; fi
