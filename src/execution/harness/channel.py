def open_channel(inbox, outbox, limit_bytes):
    """JSON messages over a pair of pipes, each a 4-byte big-endian length and the JSON text, between isolated
    assert-style grading's test process and the program's process. `receive` returns None once the other end
    has closed, and raises ValueError on a message over `limit_bytes` or one that is not JSON."""
    import json
    import os
    import struct

    header = struct.Struct(">I")
    read, write = os.read, os.write  # bound now: the program may patch os later, in its own process

    def send(message):
        data = json.dumps(message, ensure_ascii=True).encode("ascii")
        view = memoryview(header.pack(len(data)) + data)
        while view:
            view = view[write(outbox, view):]

    def read_exactly(size):
        chunks = []
        while size:
            chunk = read(inbox, min(size, 1 << 20))
            if not chunk:
                return None
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def receive():
        head = read_exactly(header.size)
        if head is None:
            return None
        (size,) = header.unpack(head)
        if size > limit_bytes:
            raise ValueError("a message of %d bytes, over the limit of %d" % (size, limit_bytes))
        data = read_exactly(size)
        if data is None:
            return None
        return json.loads(data)

    return send, receive
