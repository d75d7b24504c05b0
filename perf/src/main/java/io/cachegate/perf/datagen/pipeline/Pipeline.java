package io.cachegate.perf.datagen.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Generator threads and one writer joined by a bounded buffer. Batch {@code k} holds rows
 * {@code [k * batchSize, (k + 1) * batchSize)}; a generator takes a buffer permit before
 * claiming the next batch number and the writer returns it after writing, so at most
 * {@code bufferBatches} batches exist between them (back-pressure: a slow target stalls
 * the generators instead of filling the heap). The writer takes batches strictly in order
 * from a ring of slots; since batch {@code k} is only claimed once batch
 * {@code k - bufferBatches} is written, slot {@code k % bufferBatches} is always free
 * when it arrives.
 */
public final class Pipeline {

	private Pipeline() {
	}

	/**
	 * Runs to the end on the calling thread (the writer).
	 * @throws Exception the first failure of a generator or the target; the other threads
	 * are stopped
	 */
	public static <P> void run(PipelineSettings settings, RowSource source, Sink<P> sink, PipelineStats stats)
			throws Exception {
		long batches = (settings.rows() + settings.batchSize() - 1) / settings.batchSize();
		int slotCount = settings.bufferBatches();
		Semaphore permits = new Semaphore(slotCount);
		AtomicLong nextBatch = new AtomicLong();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Object[] slots = new Object[slotCount];
		int[] slotRows = new int[slotCount];
		ReentrantLock lock = new ReentrantLock();
		Condition arrived = lock.newCondition();

		Runnable generator = () -> {
			try {
				while (failure.get() == null) {
					permits.acquire();
					long batch = nextBatch.getAndIncrement();
					if (batch >= batches) {
						permits.release();
						return;
					}
					long first = batch * settings.batchSize();
					int count = (int) Math.min(settings.batchSize(), settings.rows() - first);
					Object[][] rows = new Object[count][];
					for (int i = 0; i < count; i++) {
						rows[i] = source.row(first + i);
					}
					P payload = sink.encode(first, rows);
					stats.addGenerated(count);
					int slot = (int) (batch % slotCount);
					lock.lock();
					try {
						slots[slot] = payload;
						slotRows[slot] = count;
						arrived.signalAll();
					}
					finally {
						lock.unlock();
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (Throwable ex) {
				failure.compareAndSet(null, ex);
				lock.lock();
				try {
					arrived.signalAll();
				}
				finally {
					lock.unlock();
				}
			}
		};

		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < settings.threads(); i++) {
			Thread thread = new Thread(generator, "datagen-generator-" + i);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		try {
			for (long batch = 0; batch < batches; batch++) {
				int slot = (int) (batch % slotCount);
				Object payload;
				int count;
				lock.lock();
				try {
					while (slots[slot] == null && failure.get() == null) {
						arrived.await();
					}
					if (failure.get() != null) {
						break;
					}
					payload = slots[slot];
					count = slotRows[slot];
					slots[slot] = null;
				}
				finally {
					lock.unlock();
				}
				@SuppressWarnings("unchecked")
				P typed = (P) payload;
				sink.write(typed, count);
				stats.addWritten(count);
				permits.release();
			}
			if (failure.get() == null) {
				sink.finish();
			}
		}
		catch (Throwable ex) {
			failure.compareAndSet(null, ex);
		}
		finally {
			for (Thread thread : threads) {
				thread.interrupt();
			}
			for (Thread thread : threads) {
				thread.join();
			}
		}
		Throwable thrown = failure.get();
		if (thrown instanceof Exception exception) {
			throw exception;
		}
		if (thrown instanceof Error error) {
			throw error;
		}
	}

}
