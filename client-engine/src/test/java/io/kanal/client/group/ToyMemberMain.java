package io.kanal.client.group;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A toy-protocol group member run as its own process by {@link ClassicGroupMemberIT}, so that a test can kill it with
 * SIGKILL. It prints its {@link ToyProtocol} events on standard output and runs until killed.
 */
public final class ToyMemberMain {
    private ToyMemberMain() {}

    /**
     * Runs the member until killed.
     *
     * @param args bootstrap servers, group, member name, tasks, session timeout ms, [group.instance.id]
     * @throws InterruptedException never in practice: the process is killed
     */
    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        ClassicGroupConfig config = ClassicGroupConfig.builder(args[1])
                .sessionTimeoutMs(Integer.parseInt(args[4]))
                .heartbeatIntervalMs(Integer.parseInt(args[4]) / 5)
                .groupInstanceId(args.length > 5 ? args[5] : null)
                .build();
        ToyProtocol protocol = new ToyProtocol(args[2], Integer.parseInt(args[3]), line -> {
            out.println(line);
            out.flush();
        });
        ClassicGroupMember member =
                ClassicGroupMember.create(Map.of("bootstrap.servers", args[0]), config, protocol, null);
        member.join();
        new CountDownLatch(1).await();
    }
}
