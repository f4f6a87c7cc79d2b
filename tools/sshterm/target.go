package sshterm

import (
	"context"
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"
)

// IsLoopback reports whether ip is in 127.0.0.0/8 or is ::1 (an IPv4-mapped
// 127/8 address counts as IPv4).
func IsLoopback(ip netip.Addr) bool {
	return ip.Unmap().IsLoopback()
}

// ResolveTarget turns host:port into the one address to dial. The name is
// resolved once here and the tool dials the address it checked, so a name
// cannot resolve to loopback for the check and elsewhere for the dial. Unless
// allowRemote is set, every address the name resolves to must be loopback.
func ResolveTarget(ctx context.Context, addr string, allowRemote bool) (netip.AddrPort, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("address %q: %w", addr, err)
	}
	port, err := net.LookupPort("tcp", portStr)
	if err != nil || port == 0 {
		return netip.AddrPort{}, fmt.Errorf("address %q: bad port", addr)
	}
	var ips []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		ips = []netip.Addr{ip}
	} else {
		ips, err = net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		if err != nil {
			return netip.AddrPort{}, fmt.Errorf("resolve %q: %w", host, err)
		}
		if len(ips) == 0 {
			return netip.AddrPort{}, fmt.Errorf("resolve %q: no addresses", host)
		}
	}
	if !allowRemote {
		for _, ip := range ips {
			if !IsLoopback(ip) {
				return netip.AddrPort{}, fmt.Errorf("address %q resolves to %s, which is not loopback (127.0.0.0/8 or ::1); pass --allow-remote to load a remote server", addr, ip)
			}
		}
	}
	// Prefer IPv4 loopback when a name resolves to both.
	best := ips[0]
	for _, ip := range ips {
		if ip.Unmap().Is4() {
			best = ip
			break
		}
	}
	return netip.AddrPortFrom(best.Unmap(), uint16(port)), nil
}

// SourceAddr returns the local address session i binds to when sessions are
// spread over sources loopback addresses: 127.0.0.1, 127.0.0.2, and so on
// (continuing into 127.0.1.x past 127.0.0.255). It returns nil when sources
// is at most 1, so the kernel picks the source.
func SourceAddr(i, sources int) *net.TCPAddr {
	if sources <= 1 {
		return nil
	}
	off := uint32(1 + i%sources)
	ip := make(net.IP, 4)
	binary.BigEndian.PutUint32(ip, 127<<24+off)
	return &net.TCPAddr{IP: ip}
}

// MaxSources keeps every source inside 127.0.0.0/8 and away from its
// broadcast address.
const MaxSources = 1<<24 - 2
