#!/bin/sh
# Make a throwaway test CA and a server certificate for 127.0.0.1 and
# localhost, for the loopback fakes.
#
# usage: mkca.sh DIR
# Writes DIR/ca.pem (trust this: AWS_CA_BUNDLE), DIR/server.pem and
# DIR/server.key. The CA key is deleted once the server cert is signed,
# so nothing else can ever be signed with it.
set -eu

dir=${1:?usage: mkca.sh DIR}
mkdir -p "$dir"
cd "$dir"

cat > ext.cnf <<'CNF'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
CNF

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -sha256 \
	-subj "/CN=hubcred test CA" \
	-addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" \
	-keyout ca.key -out ca.pem 2>/dev/null
openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=127.0.0.1" \
	-keyout server.key -out server.csr 2>/dev/null
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key \
	-CAcreateserial -days 2 -sha256 -extfile ext.cnf \
	-out server.pem 2>/dev/null
rm -f ca.key ca.srl server.csr ext.cnf
