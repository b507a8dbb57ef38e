// Generated from the grammar by chevrotain generateCstDts(operationsProductions()); do not edit.
// test/grammar/operations-cst.test.ts fails when this file and the grammar disagree.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface OperationsCstNode extends CstNode {
  name: "operations";
  children: OperationsCstChildren;
}

export type OperationsCstChildren = {
  list: ListCstNode[];
  AnyToken?: IToken[];
};

export interface ListCstNode extends CstNode {
  name: "list";
  children: ListCstChildren;
}

export type ListCstChildren = {
  LParen: IToken[];
  items?: (ListCstNode | IToken)[];
  RParen: IToken[];
};

export interface ICstNodeVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  operations(children: OperationsCstChildren, param?: IN): OUT;
  list(children: ListCstChildren, param?: IN): OUT;
}
