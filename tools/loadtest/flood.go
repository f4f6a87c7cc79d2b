package loadtest

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Flood mode: what input that changes nothing costs the server, and what
// it costs everyone else.
//
//  1. Probes fresh visitors, one after another: their first screen, idle.
//  2. Concurrency connections each send FloodBytes of Key (or, with
//     --key osc11, an answer to the background-colour query that never
//     ends) as fast as the connection takes it; the server's CPU from the
//     start until it is quiet again, per connection, is the cost.
//  3. If Probes > 0 or StreamFor > 0: the same connections stream on while
//     Probes fresh visitors are measured again, for StreamFor at least; the
//     server's CPU a second meanwhile is what a connection that never
//     stops costs (probes included).

// FloodOSC11 is the --key that streams an unended OSC 11 answer.
const FloodOSC11 = "osc11"

// FloodReport is what flood mode measured.
type FloodReport struct {
	Connections   int     `json:"connections"`
	BytesEach     int     `json:"bytes_each"`
	Key           string  `json:"key"`
	SendMS        float64 `json:"send_ms"`                 // until every connection had written its bytes
	CPUMS         float64 `json:"server_cpu_ms,omitempty"` // from the first byte until the server was quiet
	CPUPerConnMS  float64 `json:"server_cpu_per_conn_ms,omitempty"`
	IdleFirstMS   Summary `json:"idle_first_frame_shell_ms"`  // fresh visitors before the flood
	FloodFirstMS  Summary `json:"flood_first_frame_shell_ms"` // fresh visitors during it
	IdleDialMS    Summary `json:"idle_first_frame_dial_ms"`   // the same, from dial (handshake included)
	FloodDialMS   Summary `json:"flood_first_frame_dial_ms"`
	StreamedBytes int64   `json:"streamed_bytes_during_probes"` // all connections, while probing
	StreamMS      float64 `json:"stream_ms,omitempty"`          // how long they streamed on
	StreamCPUMSPS float64 `json:"stream_server_cpu_ms_per_s,omitempty"`
	Survived      int     `json:"flooding_sessions_open_after"` // flooding sessions still open at the end
}

// floodPayload is the bytes one flooding connection sends.
func floodPayload(key []byte, token string, n int) []byte {
	if token == FloodOSC11 {
		return append([]byte("\x1b]11;rgb:"), bytes.Repeat([]byte("f"), max(0, n-9))...)
	}
	return bytes.Repeat(key, max(1, n/max(1, len(key))))[:n]
}

// floods runs flood mode.
func (r *runner) floods(ctx context.Context, rep *Report, probe *probe) {
	cfg := r.cfg
	fr := &FloodReport{Connections: cfg.Concurrency, BytesEach: cfg.FloodBytes, Key: cfg.Key}
	rep.Flood = fr
	idx := 0
	fr.IdleFirstMS, fr.IdleDialMS = r.probeFirstFrames(ctx, &idx)

	var flooders []*session
	for range cfg.Concurrency {
		s, err := open(ctx, cfg, r.target, idx)
		idx++
		if err != nil {
			r.logf("flooding session: %v", err)
			s.close()
			continue
		}
		flooders = append(flooders, s)
	}
	defer func() {
		for _, s := range flooders {
			if !s.ended() {
				fr.Survived++
			}
			s.close()
		}
	}()
	sleepCtx(ctx, 250*time.Millisecond) // the last first screens are out
	payload := floodPayload(r.key, cfg.Key, cfg.FloodBytes)

	r.logf("%d connections send %d bytes each of %s", len(flooders), cfg.FloodBytes, cfg.Key)
	before, _ := probe.sample()
	start := time.Now()
	var wg sync.WaitGroup
	for _, s := range flooders {
		wg.Go(func() {
			if _, err := r.sendChunked(ctx, s, payload); err != nil {
				r.logf("flood: %v", err)
			}
		})
	}
	wg.Wait()
	fr.SendMS = ms(time.Since(start))
	if probe.on() {
		after := probe.quiet(ctx, 100*time.Millisecond, 2*time.Millisecond, cfg.SessionTimeout)
		fr.CPUMS = ms(CPUBetween(before, after))
		if len(flooders) > 0 {
			fr.CPUPerConnMS = fr.CPUMS / float64(len(flooders))
		}
	}
	if cfg.Probes > 0 || cfg.StreamFor > 0 {
		r.streamWhileProbing(ctx, fr, probe, flooders, payload, &idx)
	}
}

// probeFirstFrames opens Probes sessions one after another and measures
// their first frames; *idx numbers the sessions (their source addresses).
func (r *runner) probeFirstFrames(ctx context.Context, idx *int) (shell, dial Summary) {
	var first, fromDial []float64
	for range r.cfg.Probes {
		s, err := open(ctx, r.cfg, r.target, *idx)
		*idx++
		if err == nil {
			first = append(first, ms(s.res.FirstFrameShell))
			fromDial = append(fromDial, ms(s.res.FirstFrameDial))
		} else {
			r.logf("probe: %v", err)
		}
		s.close()
	}
	return Summarize(first), Summarize(fromDial)
}

// sendChunked writes p to s in writes of FloodChunk bytes, until done or
// ctx ends, and returns how much it wrote.
func (r *runner) sendChunked(ctx context.Context, s *session, p []byte) (int, error) {
	chunk := max(1, r.cfg.FloodChunk)
	sent := 0
	for len(p) > 0 && ctx.Err() == nil {
		n := min(chunk, len(p))
		if err := s.write(p[:n]); err != nil {
			return sent, err
		}
		sent += n
		p = p[n:]
	}
	return sent, nil
}

// streamWhileProbing keeps the flooders streaming (the key, or the same
// unended answer) for StreamFor while probes measure first frames, and
// reports the server's CPU meanwhile.
func (r *runner) streamWhileProbing(ctx context.Context, fr *FloodReport, probe *probe, flooders []*session, payload []byte, idx *int) {
	cfg := r.cfg
	more := payload
	if cfg.Key == FloodOSC11 {
		more = bytes.Repeat([]byte("f"), len(payload))
	}
	piece := more[:min(len(more), 4*max(1, cfg.FloodChunk))]
	fctx, stop := context.WithCancel(ctx)
	var streamed atomic.Int64
	var wg sync.WaitGroup
	for _, s := range flooders {
		wg.Go(func() {
			for fctx.Err() == nil {
				n, err := r.sendChunked(ctx, s, piece)
				streamed.Add(int64(n))
				if err != nil {
					return
				}
			}
		})
	}
	sleepCtx(ctx, 250*time.Millisecond)
	s0, _ := probe.sample()
	fr.FloodFirstMS, fr.FloodDialMS = r.probeFirstFrames(ctx, idx)
	if left := cfg.StreamFor - time.Since(s0.At); left > 0 {
		sleepCtx(ctx, left)
	}
	s1, _ := probe.sample()
	stop()
	wg.Wait()
	fr.StreamedBytes = streamed.Load()
	fr.StreamMS = ms(s1.At.Sub(s0.At))
	if probe.on() && fr.StreamMS > 0 {
		fr.StreamCPUMSPS = ms(CPUBetween(s0, s1)) / (fr.StreamMS / 1000)
	}
}

// quiet waits until the server used less than idle CPU in a window of
// every, or until d has passed, and returns the last sample.
func (p *probe) quiet(ctx context.Context, every, idle, d time.Duration) ProcSample {
	last, _ := p.sample()
	deadline := time.Now().Add(d)
	for ctx.Err() == nil && time.Now().Before(deadline) {
		sleepCtx(ctx, every)
		s, err := p.sample()
		if err != nil {
			return last
		}
		used := CPUBetween(last, s)
		last = s
		if used < idle {
			break
		}
	}
	return last
}

func writeFloodText(b *strings.Builder, f *FloodReport) {
	fmt.Fprintf(b, "\nflood: %d connections × %d bytes of %s, sent in %.0f ms\n", f.Connections, f.BytesEach, f.Key, f.SendMS)
	if f.CPUMS > 0 {
		fmt.Fprintf(b, "  server cpu until quiet: %.0f ms, %.0f ms per connection\n", f.CPUMS, f.CPUPerConnMS)
	}
	if f.IdleFirstMS.Count > 0 {
		fmt.Fprintf(b, "  fresh visitor's first frame from shell, p50: idle %.2f ms, during the flood %.2f ms (%d and %d probes)\n",
			f.IdleFirstMS.P50, f.FloodFirstMS.P50, f.IdleFirstMS.Count, f.FloodFirstMS.Count)
		fmt.Fprintf(b, "  the same from dial, p50: idle %.2f ms, during the flood %.2f ms\n", f.IdleDialMS.P50, f.FloodDialMS.P50)
	}
	if f.StreamMS > 0 {
		fmt.Fprintf(b, "  streamed on for %.0f ms (%d bytes taken by the SSH client): server cpu %.1f ms a second; flooding sessions still open: %d\n",
			f.StreamMS, f.StreamedBytes, f.StreamCPUMSPS, f.Survived)
	}
}
