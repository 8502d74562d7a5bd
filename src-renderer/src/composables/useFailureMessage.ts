import { ref, type Ref } from 'vue';
import { describeFailure } from '../transport/labCallError';

/** Where composables report a failed call; the view shows it in its error banner. */
export type FailureReporter = (error: unknown) => void;

/**
 * The one error message a view shows: any composable reports into it (as a sentence a person
 * can act on), the banner's dismiss clears it.
 */
export function useFailureMessage(): { message: Ref<string | null>; report: FailureReporter } {
  const message = ref<string | null>(null);
  return {
    message,
    report: (error) => {
      message.value = describeFailure(error);
    },
  };
}
