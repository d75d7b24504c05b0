package io.cachegate.gateway.origin;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import reactor.netty.NettyPipeline;
import reactor.netty.channel.ChannelOperations;

/**
 * Sits on each connection to an origin, right after the HTTP codec, and keeps one broken
 * answer from reaching anything else (RFC 9112 sections 6.3 and 9.3):
 *
 * <ul>
 * <li>An answer that carries more bytes than its {@code Content-Length}: the extra bytes
 * decode as an answer nobody asked for. The connection is then never reused (the answer
 * that did end is delivered, its connection closed instead of pooled), so the extra bytes
 * can never pass for the answer to the next, unrelated request. Extra bytes with no line
 * break in them are flushed out of the codec at the answer's end ({@code flushDecoder}),
 * and extra bytes that arrive later, while the connection waits in the pool, are stopped
 * before the codec ({@link #beforeCodec}).</li>
 * <li>An answer arriving while no request is outstanding: the connection is closed.</li>
 * <li>Interim answers (1xx but 101, such as {@code 103 Early Hints}): dropped, so the
 * final answer is the one the gateway forwards (and may store); the client never waits
 * for an answer that was taken for the final one.</li>
 * </ul>
 * One instance per connection (it keeps the connection's state), always on its event
 * loop.
 */
final class OriginConnectionGuard extends ChannelDuplexHandler {

	static final String NAME = "cachegate.originConnectionGuard";

	static final String BEFORE_CODEC_NAME = "cachegate.originConnectionGuard.beforeCodec";

	/** A request was written and its final answer has not ended. */
	private boolean awaiting;

	/** Dropping the parts of an interim answer. */
	private boolean interim;

	/** The connection delivered bytes no request asked for: it must not be reused. */
	private boolean poisoned;

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (msg instanceof HttpRequest) {
			awaiting = true;
		}
		ctx.write(msg, promise);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof HttpResponse response && awaiting && isInterim(response.status().code())) {
			interim = true;
		}
		if (interim) {
			interim = !(msg instanceof LastHttpContent);
			ReferenceCountUtil.release(msg);
			return;
		}
		if (!awaiting || poisoned) {
			// Bytes after the end of the last answer: the origin sent more than it
			// declared.
			ReferenceCountUtil.release(msg);
			poisoned = true;
			closeWhenIdle(ctx);
			return;
		}
		if (msg instanceof LastHttpContent) {
			awaiting = false;
			// Delivered once the rest of this read is decoded: were there extra bytes,
			// the connection is marked not to be pooled before the answer's end
			// releases it.
			ctx.channel().eventLoop().execute(() -> {
				flushDecoder(ctx);
				if (poisoned) {
					ChannelOperations<?, ?> operations = ChannelOperations.get(ctx.channel());
					if (operations != null) {
						operations.markPersistent(false);
					}
				}
				ctx.fireChannelRead(msg);
				if (poisoned) {
					ctx.close();
				}
			});
			return;
		}
		ctx.fireChannelRead(msg);
	}

	/**
	 * Extra bytes that end in no line break stay inside the HTTP codec, unseen, and would
	 * be read as the start of the next answer on this connection. An empty line, which a
	 * recipient ignores before a status line (RFC 9112 section 2.2), makes the codec
	 * finish whatever it holds: nothing when it holds nothing; extra bytes either make a
	 * message (seen above: the connection is poisoned) or a line it drops as no status
	 * line at all, so the next answer starts clean.
	 */
	private void flushDecoder(ChannelHandlerContext ctx) {
		ChannelHandlerContext codec = ctx.pipeline().context(NettyPipeline.HttpCodec);
		if (poisoned || codec == null || !(codec.handler() instanceof ChannelInboundHandler decoder)) {
			return;
		}
		try {
			decoder.channelRead(codec, ctx.alloc().buffer(2).writeByte('\r').writeByte('\n'));
		}
		catch (Exception ex) {
			poisoned = true;
		}
	}

	/**
	 * Before the HTTP codec: bytes that arrive while no request is outstanding (the rest
	 * of an answer longer than it declared, come late) never reach the codec; the
	 * connection is closed.
	 */
	ChannelInboundHandler beforeCodec() {
		return new ChannelInboundHandlerAdapter() {

			@Override
			public void channelRead(ChannelHandlerContext raw, Object msg) {
				if (!awaiting && msg instanceof ByteBuf bytes && bytes.isReadable()) {
					ReferenceCountUtil.release(msg);
					poisoned = true;
					raw.close();
					return;
				}
				raw.fireChannelRead(msg);
			}

		};
	}

	private void closeWhenIdle(ChannelHandlerContext ctx) {
		if (!awaiting) {
			ctx.channel().eventLoop().execute(ctx::close);
		}
	}

	private static boolean isInterim(int status) {
		return status >= 100 && status < 200 && status != 101;
	}

}
