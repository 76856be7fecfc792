"""A real HTTP server on the test site for the tests that go through the network as users do: `frappe
serve` on a free loopback port, and sessions logged in with a password."""

import contextlib
import os
import socket
import subprocess
import time

import requests

from tests.integration.conftest import BENCH, bench_command
from tests.integration.world import PASSWORD


def free_port() -> int:
	with socket.socket() as sock:
		sock.bind(("127.0.0.1", 0))
		return sock.getsockname()[1]


@contextlib.contextmanager
def serving(log_name: str = "cas-test-server.log"):
	"""The test site served until the block ends; yields its address."""
	port = free_port()
	log = open(os.path.join(BENCH, "logs", log_name), "w")
	process = subprocess.Popen(
		bench_command("serve", "--port", str(port), "--noreload", "--nothreading"),
		cwd=os.path.join(BENCH, "sites"),
		stdout=log,
		stderr=subprocess.STDOUT,
	)
	url = f"http://127.0.0.1:{port}"
	try:
		for _ in range(120):
			try:
				if requests.get(f"{url}/api/method/ping", timeout=2).ok:
					break
			except requests.ConnectionError:
				time.sleep(0.5)
		else:
			raise RuntimeError(f"the test server did not start; see logs/{log_name}")
		yield url
	finally:
		process.terminate()
		process.wait(timeout=20)
		log.close()


def session_for(server: str, user: str) -> requests.Session:
	session = requests.Session()
	response = session.post(f"{server}/api/method/login", data={"usr": user, "pwd": PASSWORD}, timeout=30)
	assert response.ok, response.text
	return session
