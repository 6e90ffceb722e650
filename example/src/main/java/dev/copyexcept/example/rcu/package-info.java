/**
 * A userspace RCU (read-copy-update) domain modelled on liburcu's "memb" flavour and on the
 * kernel's {@code rcu_read_lock}, {@code synchronize_rcu}, {@code call_rcu}, {@code rcu_barrier}
 * and the polled grace-period API ({@code get_state_synchronize_rcu} / {@code
 * poll_state_synchronize_rcu}).
 *
 * <p>Readers are wait-free and allocate nothing after a thread's first read section; grace periods
 * are detected by the updater scanning per-thread reader records, and callbacks are batched per
 * grace period on one daemon thread per domain. See the implementation notes at the top of {@link
 * dev.copyexcept.example.rcu.RcuDomain}.
 *
 * <p>Dependencies: only {@code debug} (callback failures and dead readers are reported to a {@link
 * dev.copyexcept.example.debug.Warnings} sink); never {@code mm}, {@code tree} or {@code demo}.
 */
package dev.copyexcept.example.rcu;
