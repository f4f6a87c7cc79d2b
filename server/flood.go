package server

import "charm.land/ssh"

// flooded is called once when a session goes far over its input budget
// (frames.InputBudget): keys or terminal answers streamed in faster than
// anyone types. What was over the budget has been dropped; the source pays
// PenaltyFlood when the connection closes, so a habit of it ends in the
// penalty box like other abuse.
func (s *Server) flooded(sess ssh.Session) {
	s.metrics.inputFloods.Inc()
	if cs := connStateOf(sess.Context()); cs != nil {
		cs.flooded.Store(true)
	}
	s.log.Warn("input over budget: what is over is dropped", "session", visitOf(sess).id, "client", s.clientAddr(sess.RemoteAddr()))
}
