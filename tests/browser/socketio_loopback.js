// Frappe's socket.io server (apps/frappe/socketio.js), listening on the loopback interface only.
//   FRAPPE_SOCKETIO_PORT=<port> FRAPPE_SITE=<site> node socketio_loopback.js <bench>/apps/frappe/socketio.js
// FRAPPE_SITE answers for connections that reach it as 127.0.0.1 (the browser tier's address).
const http = require("node:http");

const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (port, callback) {
	if (typeof port === "number" || /^\d+$/.test(String(port))) {
		return listen.call(this, Number(port), "127.0.0.1", callback);
	}
	return listen.apply(this, arguments);
};
require(process.argv[2]);
