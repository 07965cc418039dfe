"""A loopback server that accepts connections and answers nothing.

Each connection is held for HOLD seconds (argument 1, default 2), then
closed. The port is written to the file named by argument 2, so a test
can point a client at it and watch the client wait.
"""
import socket
import sys
import threading
import time


def hold(conn, seconds):
    time.sleep(seconds)
    conn.close()


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    with open(sys.argv[2], "w") as out:
        out.write("%d\n" % listener.getsockname()[1])
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=hold, args=(conn, seconds),
                         daemon=True).start()


if __name__ == "__main__":
    main()
