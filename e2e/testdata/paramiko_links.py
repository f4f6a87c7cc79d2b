"""Open a session on the kiosk with paramiko and run `links --json`.

Usage: python3 paramiko_links.py PORT
Prints the negotiated cipher and MAC on the first line, then the output.
paramiko's SSHClient insists on a key or a password; the kiosk asks for
neither, so the Transport is driven by hand with the "none" method.
"""
import socket
import sys

import paramiko

sock = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
t = paramiko.Transport(sock)
t.start_client(timeout=10)
t.auth_none("visitor")
chan = t.open_session(timeout=10)
chan.exec_command("links --json")
out = b""
while True:
    b = chan.recv(65536)
    if not b:
        break
    out += b
status = chan.recv_exit_status()
print(paramiko.__version__, t.remote_cipher, t.remote_mac, status)
sys.stdout.write(out.decode("utf-8"))
t.close()
