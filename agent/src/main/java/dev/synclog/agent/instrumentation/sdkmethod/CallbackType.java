package dev.synclog.agent.instrumentation.sdkmethod;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds, in {@link SdkMethodCallbackAdvice}, the declared type of the callback parameter of the method the advice is
 * inlined into, as a class constant.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@interface CallbackType {
}
