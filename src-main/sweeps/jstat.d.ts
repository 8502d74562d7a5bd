// jstat ships no type declarations; this covers the one function the sweeps use.
declare module 'jstat' {
  interface JStat {
    readonly studentt: {
      /** Quantile (inverse CDF) of Student's t with `dof` degrees of freedom. */
      inv(p: number, dof: number): number;
    };
  }
  const jStat: JStat;
  export default jStat;
}
