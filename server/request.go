package server

import (
	"errors"
	"net"

	"charm.land/ssh"

	"github.com/embassy-kiosk/embassy/charset"
	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
	"github.com/embassy-kiosk/embassy/plain"
)

// request is what a visitor asked for: a command and its argument.
type request struct {
	name string // "", "links", "pages", "page", "help" or "plain"
	arg  string // the slug, for "page"
	json bool   // links --json
}

// plainOnly reports whether the answer is text even with a terminal.
func (r request) plainOnly() bool {
	return r.name == "help" || r.name == "pages" || r.json
}

// parseRequest reads the command line against lib (in the visitor's
// language); an unknown command is an error whose text is safe to show (it
// does not repeat what the client sent) and names the command to type.
func parseRequest(lib *content.Library, args []string, reach plain.Reach) (request, error) {
	help, pages := reach.Run("help"), reach.Run("pages")
	if len(args) == 0 {
		return request{}, nil
	}
	switch args[0] {
	case "links", "pages", "help", "plain":
		switch {
		case len(args) == 1:
			return request{name: args[0]}, nil
		case len(args) == 2 && args[0] == "links" && args[1] == "--json":
			return request{name: "links", json: true}, nil
		case args[0] == "links":
			return request{}, errors.New(i18n.T(lib.Lang, "err.links", help))
		}
		return request{}, errors.New(i18n.T(lib.Lang, "err.args", args[0], help))
	case "page":
		if len(args) == 2 {
			if p, ok := lib.PageNamed(args[1]); ok {
				return request{name: "page", arg: p.Slug}, nil
			}
			return request{}, errors.New(i18n.T(lib.Lang, "err.nopage", pages))
		}
		return request{}, errors.New(i18n.T(lib.Lang, "err.pagearg", pages))
	}
	return request{}, errors.New(i18n.T(lib.Lang, "err.unknown", help))
}

// reach is how the visitor reached the kiosk, for the commands that the
// plain answers quote: Config.SSHCommand, else the address the connection
// came in on.
func (s *Server) reach(sess ssh.Session) plain.Reach {
	cmd := s.cfg.SSHCommand
	if cmd == "" {
		cmd = "ssh HOST"
		if host, port, err := net.SplitHostPort(sess.LocalAddr().String()); err == nil {
			cmd = "ssh -p " + port + " " + host
			if port == "22" {
				cmd = "ssh " + host
			}
		}
	}
	return plain.ReachAs(cmd, sess.User())
}

func (s *Server) plain(lib *content.Library, req request, reach plain.Reach, cs charset.Charset) string {
	switch req.name {
	case "links":
		if req.json {
			return plain.LinksJSON(lib)
		}
		return plain.Links(lib)
	case "pages":
		return plain.Pages(lib)
	case "page":
		p, _ := lib.Page(req.arg)
		return plain.Page(lib, p, s.markdown)
	case "help":
		return plain.Help(lib, reach)
	}
	return plain.All(lib, s.markdown, reach, cs)
}
