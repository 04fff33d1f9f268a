def read_exactly(fd, size, read):
    """`size` bytes from `fd` through `read` (os.read, or a copy bound before user code could patch it), or None
    if it ends first. Never reads past them: what follows may be for another process (zygote.py)."""
    chunks = []
    while size:
        chunk = read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


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

    def receive():
        head = read_exactly(inbox, header.size, read)
        if head is None:
            return None
        (size,) = header.unpack(head)
        if size > limit_bytes:
            raise ValueError("a message of %d bytes, over the limit of %d" % (size, limit_bytes))
        data = read_exactly(inbox, size, read)
        if data is None:
            return None
        return json.loads(data)

    return send, receive
