// The review benchmark's cases, shared with the describe benchmark (bench/describe/run.js).

/**
 * Real changes, small to very large. typescript: few files, several of them megabytes. rxjs: a thousand files
 * (sources plus four compiled copies), more than 10 calls' worth — so it also runs at the highest call cap.
 */
export const CASES = [
  { label: 'small', name: 'ms', from: '2.1.2', to: '2.1.3', callCaps: [10] },
  { label: 'medium', name: 'commander', from: '11.1.0', to: '12.1.0', callCaps: [10] },
  { label: 'large files', name: 'typescript', from: '5.3.3', to: '5.4.5', callCaps: [10] },
  { label: 'very large', name: 'rxjs', from: '7.5.0', to: '7.8.1', callCaps: [10, 200] },
];
