# exit-lens-oracle: sigint=self sigterm=self
"""A TCP echo server with no signal handling: Ctrl+C runs the atexit handlers, `kill` does not."""
import atexit
import socketserver


class Echo(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(self.rfile.readline())


def log_shutdown():
    print("server shut down")


server = socketserver.TCPServer(("127.0.0.1", 0), Echo)
atexit.register(server.server_close)
atexit.register(log_shutdown)
print("READY listening on port", server.server_address[1])
server.serve_forever()
