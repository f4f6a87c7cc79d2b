package server

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"

	proxyproto "github.com/pires/go-proxyproto"
)

// ParseNetworks reads a comma-separated list of networks ("10.0.0.0/8,
// 2001:db8::/32"); a bare address is its own /32 or /128. An empty list is
// nil.
func ParseNetworks(list string) ([]netip.Prefix, error) {
	var nets []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("%q is not a network (CIDR) or an address", f)
			}
			a = a.Unmap()
			nets = append(nets, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not a network (CIDR) or an address", f)
		}
		if p.Addr().Is4In6() {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		nets = append(nets, p.Masked())
	}
	return nets, nil
}

// proxyHeaderTimeout bounds how long a new connection may take to send its
// PROXY header, or the first bytes that show it has none.
const proxyHeaderTimeout = 5 * time.Second

// proxyListener accepts the PROXY protocol (v1 and v2) from the trusted
// networks only. A connection from a trusted address may send a header, and
// then the address in it is the client's (what the logs and the per-source
// limits see); it may also send none (a load balancer's health check). A
// header from any other address makes the connection's first read fail, so
// its handshake fails and it is closed: nobody else can forge an address.
//
// charm.land/ssh's own EnableProxyProtocol is not used: it believes a header
// from anyone.
func proxyListener(ln net.Listener, trusted []netip.Prefix, headerTimeout time.Duration) net.Listener {
	return &proxyproto.Listener{
		Listener:          ln,
		ReadHeaderTimeout: headerTimeout,
		ConnPolicy: func(o proxyproto.ConnPolicyOptions) (proxyproto.Policy, error) {
			if isTrusted(o.Upstream, trusted) {
				return proxyproto.USE, nil
			}
			return proxyproto.REJECT, nil
		},
	}
}

func isTrusted(a net.Addr, trusted []netip.Prefix) bool {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return false
	}
	ip, ok := netip.AddrFromSlice(tcp.IP)
	if !ok {
		return false
	}
	ip = ip.Unmap()
	for _, p := range trusted {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
