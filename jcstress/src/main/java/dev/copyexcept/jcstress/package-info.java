/**
 * jcstress tests of the example's memory-ordering claims: one test per claim, every outcome
 * described in its {@code @Outcome}.
 *
 * <p>Each claim is tested twice where that teaches something: once with the access modes the
 * example uses (the unwanted outcome is {@code FORBIDDEN}), once with a deliberately weakened mode
 * (the same outcome is {@code ACCEPTABLE_INTERESTING}), which shows that the test can see the bug
 * the strong mode prevents.
 *
 * <p>Where the example's class is too heavy to create once per jcstress state (an {@code RcuDomain}
 * starts a grace-period thread; {@code vmaMarkAttached} needs an mm, a kernel and the mmap write
 * lock), the test is a faithful extract of the accesses at the core of the claim, and its Javadoc
 * names the accesses it mirrors by method and by the comment at the access (never by line number,
 * which rots with every edit). Keep the two in step when the example changes.
 *
 * <p>Build and run: {@code mvn -B -Pjcstress -DskipTests package}, then {@code java -jar
 * jcstress/target/jcstress.jar -m quick} (or {@code -t RcuReaderPublication}).
 */
package dev.copyexcept.jcstress;
