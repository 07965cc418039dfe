"""Compare tf_json_write() with Python's json.dumps(indent=2).

usage: json-write.py JSON_WRITE_TOOL DATA_DIR

The inputs are every .json file under DATA_DIR and 3,000 generated
documents: nested objects and arrays, strings with controls, quotes,
non-ASCII and astral characters, integers across the 64-bit range, and
reals of every magnitude (powers of two, subnormals, -0.0, values near
the positional/exponent boundaries of repr()). Each must come out
exactly as json.dumps(json.loads(text), indent=2) writes it.
"""
import decimal
import json
import math
import os
import random
import struct
import subprocess
import sys
import tempfile

COUNT = 3000


def random_string(rng):
    pool = ['a', 'Z', ' ', '"', '\\', '/', '\n', '\r', '\t', '\b', '\f',
            '\x00', '\x01', '\x1f', '\x7f', '\x80', '\u00e9', '\u2028',
            '\ufeff', '\uffff', '\U0001f600', '\U0010ffff', '${var.x}']
    return ''.join(rng.choice(pool) for _ in range(rng.randrange(0, 8)))


def random_real(rng):
    kind = rng.randrange(9)
    if kind == 0:
        return struct.unpack('<d', struct.pack('<Q', rng.getrandbits(64)))[0]
    if kind == 1:
        return math.ldexp(1.0, rng.randrange(-1074, 1024))
    if kind == 2:
        return rng.choice([0.0, -0.0, 0.1, 0.2, 0.3, 1.0, 100.0, 1e16,
                           1e15, 9999999999999998.0, 1e-4, 1e-5, 0.001,
                           123456789012345678.0, 5e-324, 1.7976931348623157e308])
    if kind == 3:
        return rng.uniform(-1e6, 1e6)
    if kind == 4:
        return round(rng.uniform(-1000, 1000), rng.randrange(0, 6))
    if kind == 5:
        return float(10 ** rng.randrange(-8, 24)) * rng.choice([1, -1, 1.5])
    if kind == 6:
        return float(rng.randrange(-2**53, 2**53))
    if kind == 7:
        return rng.random() * 10 ** rng.randrange(-30, 30)
    return math.ldexp(rng.random(), rng.randrange(-1070, 1020))


def random_value(rng, depth):
    kind = rng.randrange(9 if depth < 4 else 7)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, -1, 1, 2**63 - 1, -2**63,
                           rng.randrange(-2**63, 2**63),
                           rng.randrange(-1000, 1000)])
    if kind in (3, 4):
        value = random_real(rng)
        return value if math.isfinite(value) else 0.5
    if kind in (5, 6):
        return random_string(rng)
    if kind == 7:
        return [random_value(rng, depth + 1)
                for _ in range(rng.randrange(0, 4))]
    return {random_string(rng).replace('\x00', ''): random_value(rng, depth + 1)
            for _ in range(rng.randrange(0, 4))}


def check_inexact(tool, rng):
    """tf_json_inexact_number() against Decimal: a number is inexact when
    its decimal value differs from that of the shortest repr of its
    double. Returns the number of disagreements."""
    numbers = ['0.1', '0.10', '1E2', '100.0', '-0.0', '0.0001', '1e-07',
               '3.14159265358979323846', '0.30000000000000004',
               '0.3000000000000000444', '123456789012345678.0',
               '1.7976931348623157e308', '5e-324', '4.9e-324',
               '2.5e-08', '1.00000000000000000001', '9007199254740993.0']
    for _ in range(2000):
        digits = ''.join(rng.choice('0123456789')
                         for _ in range(rng.randrange(1, 25)))
        point = rng.randrange(0, len(digits) + 1)
        text = (digits[:point] or '0') + '.' + (digits[point:] or '0')
        if rng.random() < 0.5:
            text += 'e%d' % rng.randrange(-30, 30)
        numbers.append(text)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, number in enumerate(numbers):
            path = os.path.join(tmp, '%05d.json' % i)
            with open(path, 'w') as f:
                f.write('{"a": "1.23456789012345678901",\n "n": %s}' % number)
            paths.append(path)
        out = subprocess.run([tool, '--inexact'] + paths,
                             stdout=subprocess.PIPE, check=True).stdout
    lines = [int(x) for x in out.split(b'\0')[:-1]]
    failed = 0
    for number, line in zip(numbers, lines):
        value = float(number)
        exact = decimal.Decimal(number) == decimal.Decimal(repr(value))
        if math.isinf(value) or (line == 0) != exact or \
                line not in (0, 2):
            failed += 1
            if failed <= 5:
                print('FAIL: %s: line %d, exact %s' % (number, line, exact))
    print('%d numbers checked for exactness, %d wrong'
          % (len(numbers), failed))
    return failed


def main():
    tool, data = sys.argv[1], sys.argv[2]
    rng = random.Random(20261205)
    texts = []
    for folder, _, names in sorted(os.walk(data)):
        for name in sorted(names):
            if name.endswith('.json'):
                with open(os.path.join(folder, name), encoding='utf-8',
                          errors='surrogateescape') as f:
                    texts.append(f.read())
    for _ in range(COUNT):
        doc = random_value(rng, 0)
        # Different spellings of the same values: compact, indented,
        # and numbers written as the user might.
        texts.append(json.dumps(doc, ensure_ascii=rng.random() < 0.5,
                                indent=rng.choice([None, 1, 4])))
    texts += ['1E2', '-0', '0.10', '1e-7', '[1.0e+16, 2.50, -0.0]',
              '{"a": {}, "b": [], "c": [{}], "d": [[]]}']

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, text in enumerate(texts):
            path = os.path.join(tmp, '%05d.json' % i)
            with open(path, 'w', encoding='utf-8',
                      errors='surrogateescape') as f:
                f.write(text)
            paths.append(path)
        out = subprocess.run([tool] + paths, stdout=subprocess.PIPE,
                             check=True).stdout
    results = out.split(b'\0')[:-1]
    if len(results) != len(texts):
        print('FAIL: %d outputs for %d inputs' % (len(results), len(texts)))
        return 1

    failed = compared = 0
    for text, got in zip(texts, results):
        try:
            want = json.dumps(json.loads(text), indent=2)
        except ValueError:
            continue
        got = got.decode('ascii', errors='replace')
        if got.startswith('error: '):
            # jansson rejects a number beyond 64 bits, which Python
            # reads.
            if not any(why in got for why in ('too big', 'overflow')):
                print('FAIL: rejected %r: %s' % (text[:80], got))
                failed += 1
            continue
        compared += 1
        if got != want:
            failed += 1
            if failed <= 5:
                print('FAIL: input %r\n  want %r\n  got  %r'
                      % (text[:200], want[:200], got[:200]))
    print('%d documents compared with json.dumps, %d differ'
          % (compared, failed))
    failed += check_inexact(tool, rng)
    if compared < COUNT * 9 // 10:
        print('FAIL: fewer than %d documents compared' % (COUNT * 9 // 10))
        return 1
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
