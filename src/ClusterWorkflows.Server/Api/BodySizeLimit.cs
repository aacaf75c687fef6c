using ClusterWorkflows.Server.Errors;

namespace ClusterWorkflows.Server.Api;

/// <summary>
/// Refuses bodies over the configured size with 413 on every host, before anything reads them:
/// by Content-Length when given, else by counting what is read. Kestrel has its own limit, set to
/// the same value; this also covers hosts without it (the in-process test server) and chunked bodies.
/// </summary>
public sealed class BodySizeLimit(RequestDelegate next, long limit)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength is { } length && length > limit)
        {
            throw new ApiException(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes.");
        }

        context.Request.Body = new LimitedStream(context.Request.Body, limit);
        return next(context);
    }

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int n)
        {
            read += n;
            return read > limit ? throw new ApiException(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes.") : n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
