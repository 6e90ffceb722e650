/**
 * JMH JSON results to Markdown tables and PNG bar charts (JFreeChart, headless): the program that
 * regenerates the plots of docs/performance.md ({@link dev.copyexcept.benchmarks.report.Report}).
 */
package dev.copyexcept.benchmarks.report;
